/**
 * A value built on its first use and kept. Schemas of rule and data files are
 * built this way: a run whose files match the build's compiled copy never
 * validates them, so it never pays for building them.
 */
export function onFirstUse<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => {
    built ??= { value: build() };
    return built.value;
  };
}
