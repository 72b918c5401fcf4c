import { closeSync, fstatSync, openSync, readSync, writeSync } from "node:fs";

/**
 * Stamps every entry of a zip file with one fixed DOS date and time, in place. exceljs's streaming
 * writer hands its entries to archiver without a date, so archiver stamps them with the clock; for
 * byte-identical output the stamps are rewritten afterwards. Only the central directory and the
 * 4-byte time/date fields are read and written, so memory does not grow with the file.
 */
export function stampZipEntries(path: string, when: { y: number; m: number; d: number; h: number }): void {
  const dosTime = when.h << 11;
  // DOS dates start in 1980; earlier stamps become 1980-01-01.
  const dosDate = when.y < 1980 ? (1 << 5) | 1 : ((when.y - 1980) << 9) | (when.m << 5) | when.d;
  const stamp = Buffer.alloc(4);
  stamp.writeUInt16LE(dosTime, 0);
  stamp.writeUInt16LE(dosDate, 2);

  const fd = openSync(path, "r+");
  try {
    const size = fstatSync(fd).size;
    const tailLength = Math.min(size, 22 + 0xffff);
    const tail = Buffer.alloc(tailLength);
    readSync(fd, tail, 0, tailLength, size - tailLength);
    const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (eocd < 0) throw new Error(`${path}: not a zip file (no end of central directory)`);
    const entries = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    const cd = Buffer.alloc(cdSize);
    readSync(fd, cd, 0, cdSize, cdOffset);
    let p = 0;
    for (let i = 0; i < entries; i++) {
      if (cd.readUInt32LE(p) !== 0x02014b50) throw new Error(`${path}: malformed central directory`);
      stamp.copy(cd, p + 12);
      const localOffset = cd.readUInt32LE(p + 42);
      writeSync(fd, stamp, 0, 4, localOffset + 10);
      p += 46 + cd.readUInt16LE(p + 28) + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32);
    }
    writeSync(fd, cd, 0, cdSize, cdOffset);
  } finally {
    closeSync(fd);
  }
}
