// The page's per-load CSP nonce (the host writes it into <meta name="csp-nonce">). antd's CSS-in-JS
// gets it through ConfigProvider; a few helper libraries insert <style> elements on their own, so
// every style element our code inserts is stamped with the nonce before it reaches the document.
export const cspNonce: string | undefined = (() => {
  const v = document.querySelector('meta[name="csp-nonce"]')?.getAttribute('content') ?? undefined;
  return v && !v.startsWith('__') ? v : undefined;
})();

export function stampStyleElements(nonce: string | undefined = cspNonce): void {
  if (!nonce) return;
  const stamp = (node: Node) => {
    if (node instanceof HTMLStyleElement && !node.nonce) node.setAttribute('nonce', nonce);
  };
  const append = Node.prototype.appendChild;
  const insert = Node.prototype.insertBefore;
  Node.prototype.appendChild = function <T extends Node>(this: Node, node: T): T {
    stamp(node);
    return append.call(this, node) as T;
  };
  Node.prototype.insertBefore = function <T extends Node>(this: Node, node: T, child: Node | null): T {
    stamp(node);
    return insert.call(this, node, child) as T;
  };
}
