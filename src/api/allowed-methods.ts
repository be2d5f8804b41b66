// Which methods a request path takes. A literal segment beats a parameter (`/api/company-groups/bulk-assign` is not
// company group "bulk-assign"), so a path is served only by the routes whose pattern names most of it literally:
// any other method there is 405 with `Allow`, never a parameter route's validation error.
import type { Method, RouteSpec } from './route';

interface Pattern {
  method: Method;
  regex: RegExp;
  literals: number;
}

export interface MethodTable {
  // The methods of the routes that own this path, or undefined when no route matches it.
  allowed(path: string): Method[] | undefined;
}

export function methodTable(routes: RouteSpec[]): MethodTable {
  const patterns: Pattern[] = routes.map((r) => {
    const segments = r.path.split('/').filter(Boolean);
    const source = segments.map((s) => (s.startsWith(':') ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    return {
      method: r.method,
      regex: new RegExp(`^/${source.join('/')}/?$`),
      literals: segments.filter((s) => !s.startsWith(':')).length,
    };
  });
  return {
    allowed(path) {
      const matching = patterns.filter((p) => p.regex.test(path));
      if (!matching.length) return undefined;
      const most = Math.max(...matching.map((p) => p.literals));
      return [...new Set(matching.filter((p) => p.literals === most).map((p) => p.method))];
    },
  };
}

// The Allow header's value: HEAD comes with GET, OPTIONS always.
export function allowHeader(methods: Method[]): string {
  const upper = methods.map((m) => m.toUpperCase());
  if (upper.includes('GET')) upper.push('HEAD');
  return [...upper, 'OPTIONS'].join(', ');
}
