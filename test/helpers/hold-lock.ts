// Holds the warehouse open for writing, as a running `slm` would, until told to stop or a timeout.
import { Warehouse } from "../../warehouse/connection.ts";

const [path, ms = "30000"] = process.argv.slice(2);
const warehouse = await Warehouse.open(path!);
await warehouse.run("CREATE TABLE IF NOT EXISTS meta.hold (n INTEGER)");
process.stdout.write("locked\n");
const stop = () => {
  warehouse.close();
  process.exit(0);
};
process.stdin.on("data", stop);
setTimeout(stop, Number(ms));
