import { bboxContains, pointInGeometry, type BBox, type PolygonGeometry } from './geometry.js';

/**
 * Uniform grid over the extent of a set of bounding boxes. Each cell lists the boxes that overlap
 * it, so a point query looks at a handful of candidates instead of every item. A grid rather than
 * an R-tree: the items (sectors, districts, municipalities) tile one compact region with similar
 * sizes, which is exactly the case where a grid is both simplest and fastest. The cell lists are
 * stored flat (CSR layout) to keep queries allocation-free.
 */
export class GridIndex<T> {
  private constructor(
    private readonly items: readonly { bbox: BBox; value: T }[],
    readonly extent: BBox,
    readonly columns: number,
    readonly rows: number,
    private readonly cellStart: Int32Array,
    private readonly cellItems: Int32Array,
  ) {}

  /** `cellsPerItem` trades memory for fewer candidates per query; 4 suits region tilings. */
  static build<T>(items: readonly { bbox: BBox; value: T }[], options: { cellsPerItem?: number } = {}): GridIndex<T> {
    const extent: BBox = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
    for (const { bbox } of items) {
      extent.minX = Math.min(extent.minX, bbox.minX);
      extent.minY = Math.min(extent.minY, bbox.minY);
      extent.maxX = Math.max(extent.maxX, bbox.maxX);
      extent.maxY = Math.max(extent.maxY, bbox.maxY);
    }
    if (items.length === 0) Object.assign(extent, { minX: 0, minY: 0, maxX: 0, maxY: 0 });
    // Square-ish cells: the column/row split follows the extent's aspect ratio.
    const cells = Math.max(1, Math.round(items.length * (options.cellsPerItem ?? 4)));
    const width = extent.maxX - extent.minX || 1;
    const height = extent.maxY - extent.minY || 1;
    const columns = Math.max(1, Math.round(Math.sqrt((cells * width) / height)));
    const rows = Math.max(1, Math.round(cells / columns));
    const cellOf = (value: number, min: number, size: number, count: number) =>
      Math.min(count - 1, Math.max(0, Math.floor(((value - min) / size) * count)));
    const ranges = items.map(({ bbox }) => ({
      c0: cellOf(bbox.minX, extent.minX, width, columns),
      c1: cellOf(bbox.maxX, extent.minX, width, columns),
      r0: cellOf(bbox.minY, extent.minY, height, rows),
      r1: cellOf(bbox.maxY, extent.minY, height, rows),
    }));
    const counts = new Int32Array(columns * rows + 1);
    for (const { c0, c1, r0, r1 } of ranges) for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) counts[r * columns + c + 1]!++;
    const cellStart = new Int32Array(columns * rows + 1);
    for (let i = 1; i < cellStart.length; i++) cellStart[i] = cellStart[i - 1]! + counts[i]!;
    const cellItems = new Int32Array(cellStart[cellStart.length - 1]!);
    const fill = cellStart.slice(0, -1);
    ranges.forEach(({ c0, c1, r0, r1 }, index) => {
      for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) cellItems[fill[r * columns + c]!++] = index;
    });
    return new GridIndex(items, extent, columns, rows, cellStart, cellItems);
  }

  get size(): number {
    return this.items.length;
  }

  /** Calls `visit` with each item whose bounding box contains the point, in insertion order; stops when it returns true. */
  visit(x: number, y: number, visit: (value: T, index: number) => boolean | void): void {
    const { extent, columns, rows } = this;
    if (!bboxContains(extent, x, y)) return;
    const width = extent.maxX - extent.minX || 1;
    const height = extent.maxY - extent.minY || 1;
    const c = Math.min(columns - 1, Math.floor(((x - extent.minX) / width) * columns));
    const r = Math.min(rows - 1, Math.floor(((y - extent.minY) / height) * rows));
    const cell = r * columns + c;
    for (let k = this.cellStart[cell]!, end = this.cellStart[cell + 1]!; k < end; k++) {
      const index = this.cellItems[k]!;
      const item = this.items[index]!;
      if (bboxContains(item.bbox, x, y) && visit(item.value, index) === true) return;
    }
  }

  /** The items whose bounding box contains the point. */
  candidates(x: number, y: number): T[] {
    const found: T[] = [];
    this.visit(x, y, (value) => {
      found.push(value);
    });
    return found;
  }
}

/** Polygons with a value each, answering "which polygon contains this point" through a GridIndex. */
export class PolygonLayer<T> {
  private readonly index: GridIndex<{ geometry: PolygonGeometry; value: T }>;

  constructor(
    readonly features: readonly { geometry: PolygonGeometry; value: T }[],
    options: { cellsPerItem?: number } = {},
  ) {
    this.index = GridIndex.build(
      features.map((feature) => ({ bbox: feature.geometry.bbox, value: feature })),
      options,
    );
  }

  get extent(): BBox {
    return this.index.extent;
  }

  /** The first polygon (in input order) containing the point, or null. */
  find(x: number, y: number): T | null {
    let found: T | null = null;
    this.index.visit(x, y, (feature) => {
      if (!pointInGeometry(feature.geometry, x, y)) return false;
      found = feature.value;
      return true;
    });
    return found;
  }

  /** Every polygon containing the point (more than one only where the data overlaps). */
  findAll(x: number, y: number): T[] {
    const found: T[] = [];
    this.index.visit(x, y, (feature) => {
      if (pointInGeometry(feature.geometry, x, y)) found.push(feature.value);
    });
    return found;
  }

  /** Reference answer by scanning every polygon; for tests and diagnostics, not for production paths. */
  scan(x: number, y: number): T[] {
    return this.features.filter((feature) => pointInGeometry(feature.geometry, x, y)).map((feature) => feature.value);
  }
}
