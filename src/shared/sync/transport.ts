// The desktop talks to the centre over HTTPS: staff password hashes, ID numbers and device tokens
// cross the network. Plain http:// is for this computer alone (loopback), or for a trial an admin
// allowed on purpose — the 同步 page then says so in red.
import { canParseUrl, urlHostname } from '../runtime';

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\]|::1)$/i;

export function isLoopbackUrl(url: string): boolean {
  if (!canParseUrl(url)) return false;
  return LOOPBACK.test(urlHostname(url));
}

/** Whether this address sends data unencrypted over a network. */
export function isPlainHttpOverNetwork(url: string): boolean {
  return /^http:\/\//i.test(url.trim()) && !isLoopbackUrl(url);
}

export const PLAIN_HTTP_REFUSED =
  '同步服务器地址是不加密的 http://：工作人员的密码哈希、身份证号码和终端凭据会以明文经过网络。请改用 https:// 地址（中心服务器用 --tls-cert/--tls-key 或在反向代理上启用 HTTPS）；仅在试用时，管理员可勾选“允许不加密连接（仅限试用）”。';

export const PLAIN_HTTP_WARNING = '本机与中心服务器之间的连接未加密（http://，试用设置）：数据以明文经过网络，正式使用前请改用 https:// 地址。';

/** The refusal for this address, or null when it may be used. */
export function plainHttpRefusal(url: string, allowPlainHttp: boolean): string | null {
  return isPlainHttpOverNetwork(url) && !allowPlainHttp ? PLAIN_HTTP_REFUSED : null;
}
