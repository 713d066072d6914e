/** Watching a folder tree for changes, in a way that survives saves that replace files. */
import { readdirSync, statSync, watch, type Dirent, type FSWatcher } from 'node:fs';
import path from 'node:path';

/** Folders watched, at most (and how deep below the root). */
const MAX_FOLDERS = 2_000;
const MAX_DEPTH = 32;

/**
 * Watches a folder and every folder below it, each with a watcher of its own. Node's `recursive`
 * watcher on Linux stops reporting a file once a save replaces it (a temporary file renamed over
 * it: sed -i, editors' "safe write"); a folder's own watcher reports every name written into it.
 * `on` gets the absolute path of each file written or removed, and of each watched folder that went
 * away (`folder` true: its files went with it). A folder that appears is watched from then on, and
 * the files already in it are reported. Folders named `node_modules`, starting with a dot, or that
 * `skipFolder` names, are not watched.
 */
export function watchTree(root: string, on: (abs: string, folder: boolean) => void, skipFolder: (name: string) => boolean = () => false): { close(): void } {
  const watchers = new Map<string, FSWatcher>();
  const watched = (name: string): boolean => !name.startsWith('.') && name !== 'node_modules' && !skipFolder(name);
  const isFolder = (abs: string): boolean => statSync(abs, { throwIfNoEntry: false })?.isDirectory() === true;

  const add = (dir: string, depth: number, report: boolean): void => {
    if (watchers.has(dir) || depth > MAX_DEPTH || watchers.size >= MAX_FOLDERS) return;
    let watcher: FSWatcher;
    try {
      watcher = watch(dir, (_event, name) => {
        if (!name) return;
        const abs = path.join(dir, name.toString());
        if (isFolder(abs)) {
          if (watched(path.basename(abs))) add(abs, depth + 1, true);
          return;
        }
        // A folder that went away stops being watched, and is a change; so is a file written or removed.
        const gone = watchers.get(abs);
        if (gone) {
          for (const [dir, w] of watchers) {
            if (dir === abs || dir.startsWith(`${abs}${path.sep}`)) {
              w.close();
              watchers.delete(dir);
            }
          }
        }
        on(abs, gone !== undefined);
      });
    } catch {
      return; // Gone before it could be watched: its parent reports it.
    }
    watcher.on('error', () => {
      watcher.close();
      watchers.delete(dir);
    });
    watchers.set(dir, watcher);
    let entries: Dirent[] = [];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      // Gone meanwhile: its parent reports it.
    }
    for (const e of entries) {
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (watched(e.name)) add(abs, depth + 1, report);
      } else if (report && e.isFile()) on(abs, false);
    }
  };

  add(root, 0, false);
  return {
    close: () => {
      for (const w of watchers.values()) w.close();
      watchers.clear();
    },
  };
}
