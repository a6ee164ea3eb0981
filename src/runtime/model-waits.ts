import { AsyncLocalStorage } from 'node:async_hooks';
import type { ModelSpec } from './models.js';
import type { PullState } from './store/shared-pulls.js';

/** A request waiting for a model's files to arrive. */
export interface ModelWait extends PullState {
  model: ModelSpec;
}

export type ModelWaitListener = (wait: ModelWait) => void;

const scope = new AsyncLocalStorage<ModelWaitListener>();

/**
 * Runs `fn` telling `listener` whenever an inference call made within it waits for a model download: the skill run
 * shows it to the person waiting, and skills need not pass anything down to every runtime call.
 */
export function reportingModelWaits<T>(listener: ModelWaitListener, fn: () => T): T {
  return scope.run(listener, fn);
}

/** The listener of the current run, if it asked to hear of downloads. */
export function modelWaitListener(): ModelWaitListener | undefined {
  return scope.getStore();
}

const GB = 1e9;
const MB = 1e6;

/** "Downloading the image model (stabilityai/sd-turbo): 1.2 of 3.3 GB": for a person waiting, in chat. */
export function describeWait(wait: ModelWait): string {
  const unit = (wait.total ?? wait.done) >= GB ? { size: GB, name: 'GB' } : { size: MB, name: 'MB' };
  const amount = (bytes: number) => (bytes / unit.size).toFixed(1);
  const of = wait.total
    ? `${amount(wait.done)} of ${amount(wait.total)} ${unit.name}`
    : `${amount(wait.done)} ${unit.name}`;
  return `Downloading the ${wait.model.id} model (${wait.model.repo}) the first time it is used: ${of}…`;
}
