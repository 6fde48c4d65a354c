import { Type } from '@sinclair/typebox';
import { adminStep } from './step.ts';

export const setFederation = adminStep({
  action: 'setFederation',
  body: Type.Boolean({ description: 'the global switch: federation and public IM connectivity' }),
  global: true,
  description: 'An admin flips the global switch.',
}, (admin, on) => admin.setFederation(on));
