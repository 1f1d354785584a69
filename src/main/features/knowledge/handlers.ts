import { defineHandlers } from '../../api/registry';
import type { BackendDeps } from '../../api/backend';
import { svc } from '../../api/context';
import { addKnowledgeAttachment, knowledgeAttachment, removeKnowledgeAttachment, getKnowledge, knowledgeForItems, listKnowledge, proposeKnowledge, publishKnowledge, removeKnowledge, saveKnowledge, withdrawKnowledge } from './service';

export const knowledgeHandlers = defineHandlers<BackendDeps>()({
  'knowledge.list': (input, ctx) => listKnowledge(svc(ctx), input),
  'knowledge.get': (input, ctx) => getKnowledge(svc(ctx), input),
  'knowledge.forItems': (input, ctx) => knowledgeForItems(svc(ctx), input),
  'knowledge.save': (input, ctx) => saveKnowledge(svc(ctx), input),
  'knowledge.propose': (input, ctx) => proposeKnowledge(svc(ctx), input),
  'knowledge.publish': (input, ctx) => publishKnowledge(svc(ctx), input),
  'knowledge.withdraw': (input, ctx) => withdrawKnowledge(svc(ctx), input),
  'knowledge.addAttachment': (input, ctx) => addKnowledgeAttachment(svc(ctx), input),
  'knowledge.removeAttachment': (input, ctx) => removeKnowledgeAttachment(svc(ctx), input),
  'knowledge.attachment': (input, ctx) => knowledgeAttachment(svc(ctx), input),
  'knowledge.remove': (input, ctx) => removeKnowledge(svc(ctx), input),
});
