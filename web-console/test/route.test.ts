import { describe, expect, it } from 'vitest';
import { parse } from '../src/route';

describe('parse', () => {
  it('reads the page and its parameter from the fragment', () => {
    expect(parse('#/tasks/abc%2Fdef')).toEqual({ page: 'task', id: 'abc/def' });
    expect(parse('#/new/t-1')).toEqual({ page: 'new', rerun: 't-1' });
    expect(parse('#/keys')).toEqual({ page: 'keys' });
  });

  it('takes anything else for the task list', () => {
    expect(parse('')).toEqual({ page: 'tasks' });
    expect(parse('#/nowhere')).toEqual({ page: 'tasks' });
  });
});
