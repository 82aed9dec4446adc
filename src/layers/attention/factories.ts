// tfjs-style factories of the attention layers: layers.attention({useScale: true}), ...
import { AdditiveAttention, Attention, type AdditiveAttentionArgs, type AttentionArgs } from './attention.js';
import { AttentionPooling, type AttentionPoolingArgs } from './attention-pooling.js';

/** Luong dot-product attention (Keras Attention) on [query, value] or [query, value, key]. */
export function attention(args: AttentionArgs = {}): Attention {
  return new Attention(args);
}
/** Bahdanau additive attention (Keras AdditiveAttention). */
export function additiveAttention(args: AdditiveAttentionArgs = {}): AdditiveAttention {
  return new AdditiveAttention(args);
}
/** Softmax-weighted sum over time: [B, T, H] -> [B, H], mask-aware. */
export function attentionPooling(args: AttentionPoolingArgs = {}): AttentionPooling {
  return new AttentionPooling(args);
}
