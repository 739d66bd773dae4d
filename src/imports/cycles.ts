/**
 * Import cycles over the runtime edges of every language (type-only and
 * lazy edges excluded). Each strongly connected component is covered by a
 * few short cycles, so every cyclic edge appears in a reported cycle without
 * enumerating the exponential set of all elementary cycles.
 */
import type { Finding, ImportEdge } from './model.js';

/** At most this many cycles per component: beyond it the message says how big the tangle is. */
const MAX_CYCLES_PER_COMPONENT = 10;

export function findCycles(edges: readonly ImportEdge[]): Finding[] {
  const graph = new Map<string, Map<string, ImportEdge>>();
  for (const edge of edges) {
    // A module importing itself finds itself in sys.modules: not a cycle that breaks anything.
    if (edge.typeOnly || edge.external || edge.from === edge.to) continue;
    let targets = graph.get(edge.from);
    if (!targets) graph.set(edge.from, (targets = new Map()));
    if (!targets.has(edge.to)) targets.set(edge.to, edge);
  }
  const findings: Finding[] = [];
  for (const component of stronglyConnected(graph)) {
    const members = new Set(component);
    if (component.length < 2) continue;
    const covered = new Set<ImportEdge>();
    let reported = 0;
    for (const from of [...component].sort()) {
      for (const [to, edge] of graph.get(from) ?? []) {
        if (!members.has(to) || covered.has(edge)) continue;
        if (reported === MAX_CYCLES_PER_COMPONENT) break;
        const path = shortestPath(graph, members, to, from);
        if (!path) continue;
        const cycle = canonical([from, ...path]);
        const cycleEdges = cycle.map((node, i) => graph.get(node)!.get(cycle[(i + 1) % cycle.length]!)!);
        cycleEdges.forEach((e) => covered.add(e));
        reported++;
        const first = cycleEdges[0]!;
        const extra = component.length > cycle.length ? ` (one of the cycles among ${component.length} files)` : '';
        findings.push({
          file: first.from,
          line: first.line,
          column: first.column,
          lang: first.lang,
          kind: 'cycle',
          specifier: first.specifier,
          message: `import cycle: ${[...cycle, cycle[0]].join(' -> ')}${extra}`,
          severity: 'error',
        });
      }
    }
  }
  return findings;
}

/** Rotates a cycle to start at its smallest file, so each is reported once whatever edge found it. */
function canonical(cycle: string[]): string[] {
  let start = 0;
  cycle.forEach((node, i) => {
    if (node < cycle[start]!) start = i;
  });
  return [...cycle.slice(start), ...cycle.slice(0, start)];
}

/** Nodes from `start` to `goal` (start included, goal excluded), BFS inside the component. */
function shortestPath(
  graph: Map<string, Map<string, ImportEdge>>,
  members: Set<string>,
  start: string,
  goal: string,
): string[] | undefined {
  if (start === goal) return [];
  const previous = new Map<string, string>([[start, start]]);
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head]!;
    for (const next of graph.get(node)?.keys() ?? []) {
      if (!members.has(next) || previous.has(next)) continue;
      previous.set(next, node);
      if (next === goal) {
        const path: string[] = [];
        for (let at = node; ; at = previous.get(at)!) {
          path.unshift(at);
          if (at === start) return path;
        }
      }
      queue.push(next);
    }
  }
  return undefined;
}

/** Tarjan's algorithm, iterative so deep import chains cannot overflow the stack. */
function stronglyConnected(graph: Map<string, Map<string, ImportEdge>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  for (const root of graph.keys()) {
    if (index.has(root)) continue;
    const work: Array<{ node: string; targets: Iterator<string> }> = [];
    const visit = (node: string): void => {
      index.set(node, counter);
      low.set(node, counter++);
      stack.push(node);
      onStack.add(node);
      work.push({ node, targets: (graph.get(node)?.keys() ?? [][Symbol.iterator]()) as Iterator<string> });
    };
    visit(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const next = frame.targets.next();
      if (!next.done) {
        const target = next.value;
        if (!index.has(target)) visit(target);
        else if (onStack.has(target)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(target)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        components.push(component);
      }
    }
  }
  return components;
}
