// The palette lives outside the canvas: it asks the mounted canvas to add an element at its center.
import { shallowRef } from 'vue';
import type { PaletteKind } from './edits';

export interface CanvasBridge {
  addAtCenter(kind: PaletteKind): void;
}

export const canvasBridge = shallowRef<CanvasBridge | undefined>();

/** The drag-and-drop data type of palette items. */
export const PALETTE_MIME = 'application/x-lvs-studio-kind';
export const PALETTE_KINDS: PaletteKind[] = ['client', 'router', 'network', 'director', 'real-server', 'ha-pair'];
