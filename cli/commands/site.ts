import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { type LoadedConfig, projectFolder, resolvePath } from "../../warehouse/config.ts";
import { isInsideFolder } from "../../warehouse/owned-folder.ts";
import { configFor, type GlobalOptions } from "../context.ts";
import { CliError } from "../errors.ts";
import { printJson, progress, seconds } from "../output.ts";
import { buildSite } from "../site/build.ts";
import { serveStatic } from "../site/static-server.ts";

const ALLOW_OUTSIDE = "allow a folder outside the project folder (the folder of slm.config.json)";

export function registerSite(program: Command): void {
  const site = program.command("site").description("build or serve the static dashboard site");

  site
    .command("build")
    .description("build the site from the published data (works offline) into the site folder")
    .option("--out <dir>", "where to write the site (default: paths.site of the config, dist/)")
    .option("--allow-outside", ALLOW_OUTSIDE)
    .option("--json", "print the result as JSON")
    .action(async (options: { out?: string; allowOutside?: boolean; json?: boolean }, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const loaded = configFor(globals);
      const result = await buildSite(
        resolvePath(loaded, loaded.config.paths.publish),
        (line) => progress(`  ${line}`),
        siteDir(() => loaded, globals, "--out", options.out, options.allowOutside),
        options.out ? "choose a new or empty folder for --out" : undefined,
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
    .option("--allow-outside", ALLOW_OUTSIDE)
    .action(
      async (
        options: { port: string; host: string; dir?: string; allowOutside?: boolean },
        command: Command,
      ) => {
        const port = Number(options.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          throw new CliError(`--port: not a port number: ${options.port}`);
        const globals = command.optsWithGlobals<GlobalOptions>();
        const dir = siteDir(() => configFor(globals), globals, "--dir", options.dir, options.allowOutside);
        if (!existsSync(join(dir, "index.html")))
          throw new CliError(`no built site in ${dir}: run \`slm site build\` first`);
        const { url } = await serveStatic(dir, port, options.host);
        progress(`serving ${dir} at ${url} (Ctrl-C to stop)`);
      },
    );
}

/**
 * An option's folder (from the working directory), else the config's paths.site (from the project);
 * the config is read only when it is needed, so `--dir` serves a site whatever the folder's config.
 * An option's folder outside the project needs --allow-outside, as a path in the config needs
 * paths.allowOutside (checked when the config is read).
 */
function siteDir(
  config: () => LoadedConfig,
  globals: GlobalOptions,
  name: string,
  option: string | undefined,
  allowOutside = false,
): string {
  if (!option) {
    const loaded = config();
    return resolvePath(loaded, loaded.config.paths.site);
  }
  if (/^~($|[\\/])/.test(option)) {
    throw new CliError(`${name}: ${option}: ~ is not expanded here: write the folder's full path`);
  }
  const dir = resolve(option);
  const project = projectFolder(process.cwd(), globals.config);
  if (!allowOutside && !isInsideFolder(project, dir)) {
    throw new CliError(
      `${name}: ${dir} is outside the project folder ${project}; choose a folder inside it, or add --allow-outside`,
    );
  }
  return dir;
}
