// The subset of autocannon 8's programmatic API this benchmark uses; the package ships no types.
declare module 'autocannon' {
  interface RequestParameters {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
  }

  interface Options {
    url: string;
    connections: number;
    duration: number;
    requests?: (RequestParameters & { setupRequest?: (request: RequestParameters) => RequestParameters })[];
  }

  interface Result {
    requests: { average: number; total: number };
    latency: { p50: number; p99: number };
    non2xx: number;
    errors: number;
    timeouts: number;
  }

  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
