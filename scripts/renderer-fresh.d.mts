/** Whether dist/renderer under `root` is newer than src/renderer and src/shared. */
export function rendererIsFresh(root: string): boolean;
