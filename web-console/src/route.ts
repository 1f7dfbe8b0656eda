/** Where the console is: the part of the URL after '#', as a page and its parameter. */
export interface Route {
  page: 'tasks' | 'new' | 'task' | 'chat' | 'keys' | 'nodes' | 'users';
  id?: string;
  rerun?: string;
}

export function parse(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  const [page, id] = path.split('/', 2);
  if (page === 'new') return { page: 'new', rerun: id ? decodeURIComponent(id) : undefined };
  if (page === 'tasks' && id) return { page: 'task', id: decodeURIComponent(id) };
  if (page === 'chat' || page === 'keys' || page === 'nodes' || page === 'users') return { page };
  return { page: 'tasks' };
}
