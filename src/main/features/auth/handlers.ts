// Contract handlers for signing in and user administration: parse → service → session.
import { defineHandlers } from '../../api/registry';
import type { BackendDeps } from '../../api/backend';
import { svc } from '../../api/context';
import { addUser, changePassword, isInitialized, listUsers, login, resetPassword, setupFirstAdmin, unlockUser, updateUser, userOptions } from './service';
import { HandlerError } from '../../api/errors';

export const authHandlers = defineHandlers<BackendDeps>()({
  'auth.status': (_input, ctx) => ({
    initialized: isInitialized(ctx.deps.store),
    session: ctx.connection.session,
    demoAvailable: !!ctx.deps.loadDemo && !isInitialized(ctx.deps.store),
  }),
  'auth.setup': (input, ctx) => {
    const { session, actor } = setupFirstAdmin(ctx.deps.store, input);
    ctx.setSession(session, actor);
    return session;
  },
  'auth.loadDemo': async (_input, ctx) => {
    if (!ctx.deps.loadDemo) throw new HandlerError('unavailable', '此版本未包含演示数据');
    if (isInitialized(ctx.deps.store)) throw new HandlerError('conflict', '本数据文件夹已有数据，不能载入演示数据');
    return ctx.deps.loadDemo(200);
  },
  'auth.login': (input, ctx) => {
    const { session, actor } = login(ctx.deps.store, input.username, input.password);
    ctx.setSession(session, actor);
    return session;
  },
  'auth.logout': (_input, ctx) => {
    ctx.setSession(null);
    return { ok: true as const };
  },
  'auth.unlock': (input, ctx) => {
    const current = ctx.user();
    try {
      const { session, actor } = login(ctx.deps.store, current.username, input.password);
      ctx.setSession(session, actor);
      return session;
    } catch (e) {
      // Too many wrong passwords at the lock screen end the session: the next person signs in.
      if ((e as { code?: string }).code === 'locked') ctx.setSession(null);
      throw e;
    }
  },
  'auth.changePassword': (input, ctx) => changePassword(svc(ctx), input),
  'user.list': (_input, ctx) => listUsers(svc(ctx)),
  'user.options': (input, ctx) => userOptions(svc(ctx), input.role),
  'user.create': ({ phone, ...input }, ctx) => addUser(svc(ctx), { ...input, ...(phone ? { phone } : {}) }),
  'user.unlock': (input, ctx) => unlockUser(svc(ctx), input.userId),
  'user.update': (input, ctx) => updateUser(svc(ctx), input),
  'user.resetPassword': (input, ctx) => resetPassword(svc(ctx), input),
});
