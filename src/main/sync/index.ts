export { runSyncRound, pushOutbox, savedCursor, SyncHttpError } from './client.js';
export type { SyncOptions, SyncStore, SyncSummary } from './client.js';
export { SyncScheduler } from './scheduler.js';
export type { SyncStatus, SchedulerOptions } from './scheduler.js';
export { PageApplier, ensureSyncTables } from './apply.js';
export { adoptDeviceSettings, cardKeyOf, CASE_NO_SERIES_SETTING, enrollDevice, fetchDeviceInfo, SERVER_PUBLIC_URL_SETTING, withDeviceInfo, fileVault, loadDeviceCredentials, saveDeviceCredentials, DEVICE_FILE } from './device.js';
export type { CredentialVault, DeviceCredentials } from './device.js';
export { syncAttachmentFiles } from './files.js';
export type { FileSyncSummary } from './files.js';
