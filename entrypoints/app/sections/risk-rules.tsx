/** Placeholder until this part of the risk settings is built. */
export function RulesEditor() {
  return null;
}
