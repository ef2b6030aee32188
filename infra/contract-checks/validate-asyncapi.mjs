// Validates AsyncAPI documents with the official parser (@asyncapi/parser) and prints one JSON
// object per document: {"file", "errors": [...], "warnings": n}. Exit code 1 when any has errors.
import { resolve } from "node:path";
import { Parser, fromFile } from "@asyncapi/parser";

const parser = new Parser();
let failed = false;
for (const file of process.argv.slice(2)) {
  const diagnostics = await fromFile(parser, resolve(file)).validate();
  const errors = diagnostics.filter((d) => d.severity === 0);
  const warnings = diagnostics.filter((d) => d.severity === 1);
  failed ||= errors.length > 0;
  console.log(JSON.stringify({
    file,
    errors: errors.map((d) => ({ code: d.code, message: d.message, path: d.path.join("/") })),
    warnings: warnings.length,
  }));
}
process.exit(failed ? 1 : 0);
