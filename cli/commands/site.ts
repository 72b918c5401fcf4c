import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { resolvePath } from "../../warehouse/config.ts";
import { configFor, type GlobalOptions } from "../context.ts";
import { CliError } from "../errors.ts";
import { printJson, progress, seconds } from "../output.ts";
import { buildSite } from "../site/build.ts";
import { SITE_DIST } from "../site/paths.ts";
import { serveStatic } from "../site/static-server.ts";

export function registerSite(program: Command): void {
  const site = program.command("site").description("build or serve the static dashboard site");

  site
    .command("build")
    .description("build the site into dist/ from the published data (works offline)")
    .option("--out <dir>", "where to write the site", SITE_DIST)
    .option("--json", "print the result as JSON")
    .action(async (options: { out: string; json?: boolean }, command: Command) => {
      const loaded = configFor(command.optsWithGlobals<GlobalOptions>());
      const result = await buildSite(
        resolvePath(loaded, loaded.config.paths.publish),
        (line) => progress(`  ${line}`),
        resolve(options.out),
      );
      if (options.json) return printJson(result);
      progress(`site built in ${seconds(result.seconds)}: ${result.dist}`);
    });

  site
    .command("preview")
    .description("serve the built site on localhost")
    .option("--port <port>", "port to listen on (0 picks a free one)", "3000")
    .option("--host <host>", "address to bind", "127.0.0.1")
    .option("--dir <dir>", "the built site to serve", SITE_DIST)
    .action(async (options: { port: string; host: string; dir: string }) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new CliError(`--port: not a port number: ${options.port}`);
      const dir = resolve(options.dir);
      if (!existsSync(join(dir, "index.html")))
        throw new CliError(`no built site in ${dir}: run \`slm site build\` first`);
      const { url } = await serveStatic(dir, port, options.host);
      progress(`serving ${dir} at ${url} (Ctrl-C to stop)`);
    });
}
