// The count on a 工作台 list's title: the same total as its card, and said when the list holds only its first part.

/** "（12）", or "（120，显示前50条）" when the list shows `shown` rows of `total`. */
export function countLabel(shown: number, total: number | undefined): string {
  const n = total ?? shown;
  return shown < n ? `（${n}，显示前${shown}条）` : `（${n}）`;
}
