// The messages between a channel's two ends (channel.ts in the thread that starts the worker,
// serve.ts in the worker). Values travel by structured clone, their buffers moved when the sender
// names them. A failure travels as the worker's uncaught error, which Node hands to the 'error'
// event whole (class, message, stack, own properties); a plain message would lose all but the text.

/** Worker → consumer: a stream's values, then its result. */
export type StreamReply<T, R> = { type: 'value'; value: T } | { type: 'end'; result: R };
/** Consumer → worker: `count` more values may be sent. */
export type StreamRequest = { type: 'credit'; count: number };

/** Producer → worker: a sink's values, then the end. */
export type SinkRequest<T> = { type: 'value'; value: T } | { type: 'end' };
/** Worker → producer: one value taken; once ended, the result. */
export type SinkReply<R> = { type: 'taken' } | { type: 'end'; result: R };

/** Caller → worker: one value to answer. */
export type MapRequest<T> = { type: 'value'; value: T };
/** Worker → caller: the answer to one value, in the order the values came. */
export type MapReply<U> = { type: 'answer'; value: U };
