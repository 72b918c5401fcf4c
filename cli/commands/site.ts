import { existsSync } from "node:fs";
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
    .option("--json", "print the result as JSON")
    .action(async (options: { json?: boolean }, command: Command) => {
      const loaded = configFor(command.optsWithGlobals<GlobalOptions>());
      const result = await buildSite(resolvePath(loaded, loaded.config.paths.publish), (line) =>
        progress(`  ${line}`),
      );
      if (options.json) return printJson(result);
      progress(`site built in ${seconds(result.seconds)}: ${result.dist}`);
    });

  site
    .command("preview")
    .description("serve the built site on localhost")
    .option("--port <port>", "port to listen on (0 picks a free one)", "3000")
    .option("--host <host>", "address to bind", "127.0.0.1")
    .action(async (options: { port: string; host: string }) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new CliError(`--port: not a port number: ${options.port}`);
      if (!existsSync(SITE_DIST)) throw new CliError("no built site in dist/: run `slm site build` first");
      const { url } = await serveStatic(SITE_DIST, port, options.host);
      progress(`serving ${SITE_DIST} at ${url} (Ctrl-C to stop)`);
    });
}
