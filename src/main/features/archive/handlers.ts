import { defineHandlers } from '../../api/registry';
import type { BackendDeps } from '../../api/backend';
import { svc } from '../../api/context';
import { listRemovableDrives } from '../../platform/drives';
import { authorize } from '../context';
import { cancelExport, exportJob, startExport } from './jobs';
import { backupStoreNow, listStoreBackups, previewExport, verifyArchive } from './service';

export const archiveHandlers = defineHandlers<BackendDeps>()({
  'archive.drives': async (_input, ctx) => {
    authorize(svc(ctx), 'archive.drives');
    return listRemovableDrives();
  },
  'archive.preview': (input, ctx) => previewExport(svc(ctx), input),
  'archive.start': async (input, ctx) => {
    const { jobId, password } = await startExport(svc(ctx), input);
    return { jobId, password };
  },
  'archive.job': (input, ctx) => exportJob(svc(ctx), input.jobId),
  'archive.cancel': (input, ctx) => cancelExport(svc(ctx), input.jobId),
  'archive.verify': (input, ctx) => verifyArchive(svc(ctx), input.path),
  'backup.list': (_input, ctx) => listStoreBackups(svc(ctx)),
  'backup.now': (_input, ctx) => backupStoreNow(svc(ctx)),
});
