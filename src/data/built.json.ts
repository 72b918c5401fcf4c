// The day the site is built: the Data quality page measures the newest extract's age against it, so a
// warehouse not refreshed for months shows as such even when its figures are consistently as of that data.
process.stdout.write(JSON.stringify({ built_on: new Date().toISOString().slice(0, 10) }));
