// The one contract: every request the UI can make, by name. Hosts (Electron IPC, browser host)
// carry `{ name, input }` and return `ApiResult`; the backend registry dispatches by this map.
import { adminContract } from './admin';
import { archiveContract } from './archive';
import { authContract } from './auth';
import { casesContract } from './cases';
import { contactsContract } from './contacts';
import { mergeContracts } from './contract';
import { correctionsContract } from './corrections';
import { guideContract } from './guide';
import { knowledgeContract } from './knowledge';
import type { InputOf, OutputOf, ParsedInputOf } from './contract';
import { ratingsContract } from './ratings';
import { referenceContract } from './reference';
import { settingsContract } from './settings';
import { statisticsContract } from './statistics';
import { syncContract } from './sync';

export const contract = mergeContracts(authContract, casesContract, correctionsContract, referenceContract, adminContract, syncContract, guideContract, archiveContract, knowledgeContract, settingsContract, contactsContract, ratingsContract, statisticsContract);
export type Contract = typeof contract;
export type ApiName = keyof Contract & string;
export type ApiInput<N extends ApiName> = InputOf<Contract[N]>;
export type ApiParsedInput<N extends ApiName> = ParsedInputOf<Contract[N]>;
export type ApiOutput<N extends ApiName> = OutputOf<Contract[N]>;
export const API_NAMES = Object.keys(contract) as ApiName[];

export * from './archive';
export * from './client';
export * from './contract';
export type * from './dto';
export * from './errors';
export * from './events';
export * from './guide';
export * from './knowledge';
export * from './contacts';
export type * from './ratings';
export * from './reads';
export * from './settings';
export * from './statistics';
