import type { Command } from "commander";
import { z } from "zod";
import { siteBuild } from "../../app/site-build.ts";
import { sitePreview } from "../../app/site-preview.ts";
import { configFor, type GlobalOptions } from "../context.ts";
import { parseOptions } from "../options.ts";
import { printJson, progress, seconds } from "../output.ts";

const ALLOW_OUTSIDE = "allow a folder outside the project folder (the folder of slm.config.json)";

const buildOptions = z.object({
  out: z.string().optional(),
  allowOutside: z.boolean().optional(),
  json: z.boolean().optional(),
});
const previewOptions = z.object({
  port: z.string().transform((text, context) => {
    const port = Number(text);
    if (Number.isInteger(port) && port >= 0 && port <= 65535) return port;
    context.addIssue({ code: "custom", message: `not a port number: ${text}` });
    return z.NEVER;
  }),
  host: z.string(),
  dir: z.string().optional(),
  allowOutside: z.boolean().optional(),
});

export function registerSite(program: Command): void {
  const site = program.command("site").description("build or serve the static dashboard site");

  site
    .command("build")
    .description("build the site from the published data (works offline) into the site folder")
    .option("--out <dir>", "where to write the site (default: paths.site of the config, dist/)")
    .option("--allow-outside", ALLOW_OUTSIDE)
    .option("--json", "print the result as JSON")
    .action(async (raw: unknown, command: Command) => {
      const options = parseOptions(buildOptions, raw);
      const globals = command.optsWithGlobals<GlobalOptions>();
      const result = await siteBuild(
        configFor(globals),
        {
          folder: options.out,
          name: "--out",
          allowOutside: options.allowOutside,
          configFile: globals.config,
        },
        progress,
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
    .action(async (raw: unknown, command: Command) => {
      const options = parseOptions(previewOptions, raw);
      const globals = command.optsWithGlobals<GlobalOptions>();
      const { dir, url } = await sitePreview(() => configFor(globals), {
        folder: options.dir,
        name: "--dir",
        allowOutside: options.allowOutside,
        configFile: globals.config,
        port: options.port,
        host: options.host,
      });
      progress(`serving ${dir} at ${url} (Ctrl-C to stop)`);
    });
}
