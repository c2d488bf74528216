/**
 * Child process for the cross-process race test: writes the files given as
 * JSON in argv[3] under the checkout in argv[2] and prints the result as JSON.
 */
import { writeStageConfigs } from "../../src/act/index.js";

const [root, filesJson] = process.argv.slice(2);
if (!root || !filesJson) throw new Error("usage: write-worker <root> <files-json>");
const result = await writeStageConfigs({ root, files: JSON.parse(filesJson), git: false });
process.stdout.write(JSON.stringify(result));
