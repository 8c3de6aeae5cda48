/** Placeholder until this part of the risk settings is built. */
export function ModelPanel() {
  return null;
}
