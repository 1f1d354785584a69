// Bytes between the renderer and the backend travel as base64 (the contract is JSON).

export function toBase64(buf: ArrayBuffer): string {
  const bytes = new Uint8Array(buf);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function fromBase64(data: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
}

/** Offers a file the backend made for saving (the browser's download; Electron asks where). */
export function saveFile(file: { fileName: string; mime: string; dataBase64: string }): void {
  const url = URL.createObjectURL(new Blob([fromBase64(file.dataBase64)], { type: file.mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
