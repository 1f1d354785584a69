import { defineHandlers } from '../../api/registry';
import type { BackendDeps } from '../../api/backend';
import { svc } from '../../api/context';
import { addCatalogItem, catalogHistory, listCatalog, saveCatalogVersion } from './service';
import { exportCatalogXlsx, importCatalogXlsx } from './import';
import { publishShippedReference, referencePublishStatus } from './publish';
import { sampleFormFile, uploadSampleForm } from './sample-forms';

export const catalogHandlers = defineHandlers<BackendDeps>()({
  'catalogue.list': (input, ctx) => listCatalog(svc(ctx), input),
  'catalogue.saveVersion': (input, ctx) => saveCatalogVersion(svc(ctx), input),
  'catalogue.addItem': (input, ctx) => addCatalogItem(svc(ctx), input),
  'catalogue.exportXlsx': (input, ctx) => exportCatalogXlsx(svc(ctx), input),
  'catalogue.importXlsx': (input, ctx) => importCatalogXlsx(svc(ctx), input),
  'catalogue.history': (input, ctx) => catalogHistory(svc(ctx), input),
  'catalogue.uploadSampleForm': (input, ctx) => uploadSampleForm(svc(ctx), input),
  'catalogue.sampleForm': (input, ctx) => sampleFormFile(svc(ctx), input),
  'catalogue.publishStatus': (_input, ctx) => referencePublishStatus(svc(ctx)),
  'catalogue.publishShipped': (_input, ctx) => publishShippedReference(svc(ctx)),
});
