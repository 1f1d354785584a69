// The guide's one stylesheet, inlined in every page (no extra request on a slow hall network).
// Mobile first (375 px), flex only (old Android WebViews and WeChat lay it out alike), system fonts.
// The CSP names its hash; 'unsafe-inline' stays beside it only for CSP-1 WebViews that ignore hashes
// (a browser that knows hashes ignores 'unsafe-inline' when a hash is present).
import crypto from 'node:crypto';

export const GUIDE_CSS = [
  '*{box-sizing:border-box}',
  'html{-webkit-text-size-adjust:100%;text-size-adjust:100%}',
  'body{margin:0;background:#f2f4f7;color:#1f2329;font:16px/1.6 -apple-system,BlinkMacSystemFont,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC",sans-serif;word-wrap:break-word;overflow-wrap:break-word}',
  '.wrap{max-width:760px;margin:0 auto;padding:12px}',
  'h1{font-size:21px;line-height:1.4;margin:4px 0 8px;color:#0b3d91}',
  'h2{font-size:18px;margin:0 0 8px;color:#0b3d91}',
  'h3{font-size:16px;margin:0 0 4px}',
  'p{margin:6px 0}',
  'a{color:#0b57d0}',
  '.card{background:#fff;border-radius:8px;padding:12px;margin:0 0 12px;border:1px solid #e3e6eb}',
  '.lead{color:#4e5969;font-size:15px}',
  '.muted{color:#6b7785;font-size:14px}',
  '.tag{display:inline-block;font-size:13px;line-height:1.5;padding:0 6px;border-radius:4px;margin:2px 4px 2px 0;background:#eef3fb;color:#0b3d91;white-space:nowrap}',
  '.tag.ok{background:#e8f6ee;color:#137333}.tag.warn{background:#fff4e5;color:#9a4b00}.tag.no{background:#f2f3f5;color:#4e5969}.tag.bad{background:#fdecea;color:#b3261e}',
  '.promise{display:flex;flex-wrap:wrap;margin:0 0 12px}',
  '.promise span{flex:1 1 40%;margin:3px;padding:8px;text-align:center;border-radius:6px;background:#0b3d91;color:#fff;font-weight:bold}',
  '.promise span.alt{background:#c0392b}',
  '.notice{border-left:4px solid #0b3d91;background:#eef3fb}',
  '.notice.ok{border-color:#137333;background:#e8f6ee}.notice.bad{border-color:#b3261e;background:#fdecea}.notice.warn{border-color:#c77700;background:#fff4e5}',
  '.stage{border-top:4px solid #0b3d91}',
  '.flow{margin:8px 0}',
  '.grp{display:flex;flex-wrap:wrap;margin:0 -3px;padding:6px 3px;border:1px dashed #b8c4d6;border-radius:6px}',
  '.grp .lbl{flex:1 1 100%;font-size:12px;color:#6b7785;margin:0 3px 2px}',
  '.node{flex:1 1 140px;min-width:0;margin:3px;padding:6px 8px;border-radius:6px;background:#eef3fb;border:1px solid #c9d6ea;font-size:14px;line-height:1.45;text-decoration:none;color:#1f2329}',
  '.node b{display:block;font-weight:normal}',
  '.node small{display:block;color:#4e5969;font-size:12px}',
  '.node.approved{background:#e8f6ee;border-color:#9fd3b2}.node.correcting{background:#fff4e5;border-color:#f3c98b}.node.refused{background:#fdecea;border-color:#f1aaa4}.node.submitted{background:#e8f0fe;border-color:#a8c0f0}',
  '.arrow{text-align:center;color:#0b3d91;font-size:16px;line-height:1.2;margin:2px 0}',
  '.item{border-top:1px solid #eceff3;padding:10px 0 4px}',
  '.kv{display:flex;flex-wrap:wrap;margin:0;font-size:14px}',
  '.kv dt{flex:0 0 5.5em;color:#6b7785;margin:0}',
  '.kv dd{flex:1 1 60%;margin:0 0 2px;min-width:0}',
  'ul.mat{margin:4px 0 0;padding-left:20px;font-size:14px}',
  'table{width:100%;border-collapse:collapse;font-size:14px;background:#fff}',
  'th,td{border:1px solid #e3e6eb;padding:6px;text-align:left;vertical-align:top}',
  'th{background:#f5f7fa;font-weight:normal;color:#4e5969}',
  'td.n{white-space:nowrap}',
  '.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}',
  'form.search{display:flex;margin:0 0 12px}',
  'form.search input{flex:1 1 auto;min-width:0;font-size:16px;padding:8px;border:1px solid #c9d0da;border-radius:6px 0 0 6px}',
  'form.search button{font-size:16px;padding:8px 14px;border:0;border-radius:0 6px 6px 0;background:#0b3d91;color:#fff}',
  'ul.links{list-style:none;margin:0;padding:0}',
  'ul.links li{border-top:1px solid #eceff3;padding:10px 0}',
  'ul.links li:first-child{border-top:0}',
  '.foot{text-align:center;color:#6b7785;font-size:13px;padding:8px 0 20px}',
  '.big{font-size:18px;font-weight:bold}',
].join('');

/** For the CSP's style-src: the exact stylesheet may run, nothing else. */
export const GUIDE_CSS_HASH = `'sha256-${crypto.createHash('sha256').update(GUIDE_CSS).digest('base64')}'`;
