import type { Category } from '../_cloudfn/types.js';
import type { CallContext, Input, Output } from './contract.js';
import { fail } from './contract.js';

const TREE: Category[] = [
  {
    id: 'tea',
    name: '茶叶',
    children: [
      { id: 'tea-green', name: '绿茶', children: [{ id: 'tea-green-longjing', name: '龙井', children: [] }] },
      { id: 'tea-black', name: '红茶', children: [] },
    ],
  },
  { id: 'ware', name: '茶具', children: [{ id: 'ware-cup', name: '茶杯', children: [] }] },
];

function find(nodes: Category[], id: string): Category | undefined {
  for (const node of nodes) {
    if (node.id === id) return node;
    const hit = find(node.children, id);
    if (hit) return hit;
  }
  return undefined;
}

function prune(node: Category, depth: number): Category {
  return { ...node, children: depth <= 1 ? [] : node.children.map((c) => prune(c, depth - 1)) };
}

/** The category tree, optionally from one root, cut at maxDepth levels (5 when the caller leaves it out: the contract's default). */
export default async function listCategories(input: Input, ctx: CallContext): Promise<Output> {
  void ctx;
  const depth = input.maxDepth;
  let roots = TREE;
  if (input.rootId !== undefined) {
    const root = find(TREE, input.rootId);
    if (!root) throw fail('CATEGORY_NOT_FOUND');
    roots = [root];
  }
  return { categories: roots.map((r) => prune(r, depth)) };
}
