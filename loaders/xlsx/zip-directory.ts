import { closeSync, fstatSync, openSync, readSync } from "node:fs";

const END_SIGNATURE = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
/** The end record's fixed part; a comment of up to 65,535 bytes may follow it. */
const END_LENGTH = 22;
const ENTRY_SIGNATURE = 0x02014b50;
const ENTRY_LENGTH = 46;

/**
 * The names of a zip's entries, from its central directory (the table at its end), or null when there is
 * none to read this way: not a zip, a zip64 directory, a damaged one. A streaming read of the zip can be
 * checked against it: it names every part the file holds, in any order.
 */
export function zipEntryNames(path: string): string[] | null {
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    const tail = Buffer.alloc(Math.min(size, END_LENGTH + 0xffff));
    readSync(fd, tail, 0, tail.length, size - tail.length);
    const end = tail.lastIndexOf(END_SIGNATURE);
    if (end < 0 || end + END_LENGTH > tail.length) return null;
    const count = tail.readUInt16LE(end + 10);
    const length = tail.readUInt32LE(end + 12);
    const offset = tail.readUInt32LE(end + 16);
    if (count === 0xffff || offset === 0xffffffff || offset + length > size) return null;
    const directory = Buffer.alloc(length);
    readSync(fd, directory, 0, length, offset);
    const names: string[] = [];
    for (let at = 0, i = 0; i < count; i++) {
      if (at + ENTRY_LENGTH > directory.length || directory.readUInt32LE(at) !== ENTRY_SIGNATURE) return null;
      const nameLength = directory.readUInt16LE(at + 28);
      names.push(directory.toString("utf8", at + ENTRY_LENGTH, at + ENTRY_LENGTH + nameLength));
      at += ENTRY_LENGTH + nameLength + directory.readUInt16LE(at + 30) + directory.readUInt16LE(at + 32);
    }
    return names;
  } finally {
    closeSync(fd);
  }
}
