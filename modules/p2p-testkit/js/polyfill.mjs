// js-libp2p 3.x calls Promise.withResolvers (Node 22+). Node 20 lacks it: define it before libp2p loads.
// Imported first by every script, so ES module evaluation order puts it ahead of libp2p's modules.
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers () {
    let resolve
    let reject
    const promise = new this((res, rej) => { resolve = res; reject = rej })
    return { promise, resolve, reject }
  }
}
