// Reads every Parquet file under the given folders with hyparquet and prints {"<path>": rows} as JSON.
// Usage: node read_with_hyparquet.mjs MODULES_DIR FOLDER...   (MODULES_DIR holds node_modules/hyparquet)
// Each file is read whole, row by row, not only its footer: a file hyparquet cannot decode fails the run.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [modules, ...folders] = process.argv.slice(2);
const { parquetReadObjects, parquetMetadata } = await import(pathToFileURL(path.join(modules, 'node_modules', 'hyparquet', 'src', 'index.js')).href);

async function* parquetFiles(folder) {
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) yield* parquetFiles(full);
    else if (entry.name.endsWith('.parquet')) yield full;
  }
}

const counts = {};
for (const folder of folders) {
  for await (const file of parquetFiles(folder)) {
    const bytes = await readFile(file);
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    try {
      const rows = await parquetReadObjects({ file: buffer });
      const declared = Number(parquetMetadata(buffer).num_rows);
      if (rows.length !== declared) throw new Error(`read ${rows.length} rows but the footer declares ${declared}`);
      counts[file] = rows.length;
    } catch (error) {
      throw new Error(`hyparquet could not read ${file}: ${error.message}`);
    }
  }
}
process.stdout.write(JSON.stringify(counts));
