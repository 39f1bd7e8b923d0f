import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LogoColours, LogoOrientation } from '../domain/logo-options.js';

/** Folder of the official logo panels, beside src/ both in the sources and in the build output. */
const ASSETS_DIR = join(__dirname, '..', '..', 'assets');

/** Fill of SVG shapes that name none, per SVG 1.1 §11.2. */
const DEFAULT_FILL = '#000000';

/** A filled shape of a panel, in the panel's viewBox units, for writers that do not read SVG (PDF). */
export type PanelShape =
  | { kind: 'path'; d: string; fill: string }
  | { kind: 'polygon'; points: number[]; fill: string }
  | { kind: 'rect'; x: number; y: number; width: number; height: number; fill: string };

/** An official logo panel prepared for embedding. */
export interface LogoPanel {
  /** The `viewBox` of the panel file, for example `0 0 24 41`. */
  viewBox: string;
  viewBoxWidth: number;
  viewBoxHeight: number;
  /** The panel's children, with each CSS class replaced by a fill attribute and without ids. */
  content: string;
  /** The visible shapes in document order; shapes with `fill="none"` are left out. */
  shapes: PanelShape[];
}

/** Reads the `.cls-N { fill: … }` rules that the panel files carry in a `<style>` element. */
function readClassFills(source: string): Map<string, string> {
  const fills = new Map<string, string>();
  for (const rule of source.matchAll(/\.([\w-]+)\s*\{\s*fill:\s*([^;}\s]+)\s*;?\s*\}/g)) {
    fills.set(rule[1], rule[2]);
  }

  return fills;
}

function attribute(element: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(element)?.[1];
}

function readShapes(content: string): PanelShape[] {
  const shapes: PanelShape[] = [];
  for (const match of content.matchAll(/<(path|polygon|rect)\b[^>]*>/g)) {
    const element = match[0];
    const fill = attribute(element, 'fill') ?? DEFAULT_FILL;
    if (fill === 'none') continue;

    if (match[1] === 'path') {
      shapes.push({ kind: 'path', d: attribute(element, 'd') ?? '', fill });
    } else if (match[1] === 'polygon') {
      const points = (attribute(element, 'points') ?? '').trim().split(/[\s,]+/).map(Number);
      shapes.push({ kind: 'polygon', points, fill });
    } else {
      const number = (name: string) => Number(attribute(element, name) ?? 0);
      shapes.push({ kind: 'rect', x: number('x'), y: number('y'), width: number('width'), height: number('height'), fill });
    }
  }

  return shapes;
}

/**
 * Prepares an official panel for nesting inside the logo. The files style their shapes with classes
 * named `cls-1` to `cls-3` and carry ids such as `Capa_2`, which would clash with other SVG on a page
 * that inlines the logo. PDF writers also ignore `<style>`, so the classes become fill attributes.
 *
 * @throws Error when the file is missing or has no viewBox.
 */
export function loadPanel(orientation: LogoOrientation, colours: LogoColours): LogoPanel {
  const fileName = `${orientation}_${colours}.svg`;
  const source = readFileSync(join(ASSETS_DIR, fileName), 'utf8');
  const root = /<svg\b[^>]*>/.exec(source);
  const viewBox = root ? attribute(root[0], 'viewBox') : undefined;
  if (!root || !viewBox) throw new Error(`Logo panel ${fileName} has no <svg> element with a viewBox`);

  const fills = readClassFills(source);
  const content = source
    .slice(root.index + root[0].length, source.lastIndexOf('</svg>'))
    .replace(/\s*<defs>[\s\S]*?<\/defs>/, '')
    .replace(/\sid="[^"]*"/g, '')
    .replace(/\sclass="([^"]*)"/g, (_match, name: string) => ` fill="${fills.get(name) ?? DEFAULT_FILL}"`)
    .trim();
  const [, , viewBoxWidth, viewBoxHeight] = viewBox.split(/[\s,]+/).map(Number);

  return { viewBox, viewBoxWidth, viewBoxHeight, content, shapes: readShapes(content) };
}
