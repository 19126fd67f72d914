declare module '*.css';
/** Vite bundles a module as a worker of its own and gives its URL (audio worklets load that way). */
declare module '*?worker&url' {
  const url: string;
  export default url;
}
