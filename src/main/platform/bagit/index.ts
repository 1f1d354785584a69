// The BagIt package engine (RFC 8493): write safely, verify, read. Pure Node, no features, no db.
export { BagError, type BagFinding } from './errors.js';
export { FAT_MAX_FILE, isFatFilesystem, parseMounts, mountOf } from './filesystem.js';
export { safeName, safeRelativePaths, MAX_COMPONENT_UNITS, MAX_RELATIVE_PATH, type SafePath } from './names.js';
export { parseTags, type TagField } from './tagfiles.js';
export { readBag, verifyBag, type BagContents, type VerifyOptions } from './verify.js';
export { writeBag, DEFAULT_AGENT, type BagFile, type BagProgress, type WriteBagOptions, type WrittenBag } from './write.js';
export { zipBagEncrypted, generateArchivePassword, PASSWORD_ALPHABET, type WrittenZip, type ZipBagOptions, type ZipProgress } from './encrypted-zip.js';
export { SharedReadBuffer } from './parallel-hash.js';
