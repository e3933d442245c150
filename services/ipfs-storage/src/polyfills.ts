/**
 * Promise.withResolvers arrived in Node 22; parts of helia's dependency tree call it. Imported
 * before helia (ESM evaluates imports in order) so that it exists when they first run.
 */
type Resolvers<T> = {
  promise: Promise<T>;
  resolve: (value: T | PromiseLike<T>) => void;
  reject: (reason?: unknown) => void;
};

const PromiseWith = Promise as unknown as { withResolvers?: <T>() => Resolvers<T> };
if (typeof PromiseWith.withResolvers !== "function") {
  PromiseWith.withResolvers = <T>(): Resolvers<T> => {
    let resolve!: Resolvers<T>["resolve"];
    let reject!: Resolvers<T>["reject"];
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}

export {};
