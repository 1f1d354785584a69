// 电子指引地址: the base of every address a card or the hall's poster prints. The admin's override
// on this desktop wins; else the address the enrolled server announced (--public-url, kept at
// enrolment and refreshed by /device/info); else none, and a card is refused.
import type { GuideAddressDto } from '../../../shared/api/index.js';
import type { Store } from '../../db/store.js';
import { SERVER_PUBLIC_URL_SETTING } from '../../sync/device.js';
import { authorize, type ServiceContext } from '../context.js';

/** Settings key of the admin's override (local to this desktop; the name predates the server's address). */
export const GUIDE_OVERRIDE_SETTING = 'guideBaseUrl';

const nonEmpty = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim().replace(/\/+$/, '') : null);

export function guideAddress(store: Store, signed = false): GuideAddressDto {
  const serverUrl = nonEmpty(store.getSetting(SERVER_PUBLIC_URL_SETTING));
  const override = nonEmpty(store.getSetting(GUIDE_OVERRIDE_SETTING));
  const effective = override ?? serverUrl;
  return { serverUrl, override, effective, source: override ? 'override' : serverUrl ? 'server' : null, signed };
}

/** Sets or clears (null) the override: one audited write; the value was parsed by the contract. */
export function setGuideOverride(ctx: ServiceContext, override: string | null, signed = false): GuideAddressDto {
  authorize(ctx, 'guide.setAddress');
  const before = guideAddress(ctx.store).override;
  ctx.store.write(
    { actor: ctx.actor, action: 'settings.guideAddress', entity: 'settings', entityId: GUIDE_OVERRIDE_SETTING, detail: { from: before, to: override } },
    () => ctx.store.setSetting(GUIDE_OVERRIDE_SETTING, override),
  );
  return guideAddress(ctx.store, signed);
}
