// admission.* intents (准入审核): a decision on a pending project; a refusal needs a second person
// ("窗口无否决权"), so it is first proposed and then confirmed by someone else.
import { reject } from '../state';
import type { IntentHandler } from './types';

export const admissionIntents: Record<string, IntentHandler> = {
  'admission.decide': {
    entities: ['projects'],
    validate: ({ r, changes }) => {
      if (r.data.admissionStatus !== undefined && r.data.admissionStatus !== 'pending') reject('already_handled', '该项目已完成准入审核或正在复核');
      if (changes.admissionStatus?.value === 'refused') reject('second_person', '不予准入须先提出意见，再由另一人复核（窗口无否决权）');
    },
  },
  'admission.review': {
    entities: ['projects'],
    validate: ({ op, r }) => {
      if (r.data.admissionStatus !== 'refusalPending') reject('invalid_transition', '该项目没有待复核的不予准入意见');
      if (r.data.admissionBy === op.userId) reject('second_person', '不予准入须由另一名工作人员复核，提出人不能自己确认');
    },
  },
};
