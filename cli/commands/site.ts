import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { type LoadedConfig, resolvePath } from "../../warehouse/config.ts";
import { configFor, type GlobalOptions } from "../context.ts";
import { CliError } from "../errors.ts";
import { printJson, progress, seconds } from "../output.ts";
import { buildSite } from "../site/build.ts";
import { serveStatic } from "../site/static-server.ts";

export function registerSite(program: Command): void {
  const site = program.command("site").description("build or serve the static dashboard site");

  site
    .command("build")
    .description("build the site from the published data (works offline) into the site folder")
    .option("--out <dir>", "where to write the site (default: paths.site of the config, dist/)")
    .option("--json", "print the result as JSON")
    .action(async (options: { out?: string; json?: boolean }, command: Command) => {
      const loaded = configFor(command.optsWithGlobals<GlobalOptions>());
      const result = await buildSite(
        resolvePath(loaded, loaded.config.paths.publish),
        (line) => progress(`  ${line}`),
        siteDir(() => loaded, options.out),
      );
      if (options.json) return printJson(result);
      progress(`site built in ${seconds(result.seconds)}: ${result.dist}`);
    });

  site
    .command("preview")
    .description("serve the built site on localhost")
    .option("--port <port>", "port to listen on (0 picks a free one)", "3000")
    .option("--host <host>", "address to bind", "127.0.0.1")
    .option("--dir <dir>", "the built site to serve (default: paths.site of the config, dist/)")
    .action(async (options: { port: string; host: string; dir?: string }, command: Command) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new CliError(`--port: not a port number: ${options.port}`);
      const dir = siteDir(() => configFor(command.optsWithGlobals<GlobalOptions>()), options.dir);
      if (!existsSync(join(dir, "index.html")))
        throw new CliError(`no built site in ${dir}: run \`slm site build\` first`);
      const { url } = await serveStatic(dir, port, options.host);
      progress(`serving ${dir} at ${url} (Ctrl-C to stop)`);
    });
}

/**
 * An option's folder (from the working directory), else the config's paths.site (from the project);
 * the config is read only when it is needed, so `--dir` serves a site whatever the folder's config.
 */
function siteDir(config: () => LoadedConfig, option: string | undefined): string {
  if (option) return resolve(option);
  const loaded = config();
  return resolvePath(loaded, loaded.config.paths.site);
}
