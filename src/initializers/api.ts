// Factory functions, exported as the `initializers` namespace (tfjs style: initializers.glorotUniform()).
import {
  Constant, GlorotNormal, GlorotUniform, HeNormal, HeUniform, Identity, LecunNormal, LecunUniform, Ones, Orthogonal,
  RandomNormal, RandomUniform, TruncatedNormal, VarianceScaling, Zeros,
  type Initializer, type RandomNormalOptions, type RandomUniformOptions, type SeedOptions, type VarianceScalingOptions,
} from './initializers.js';

export {
  Constant, GlorotNormal, GlorotUniform, HeNormal, HeUniform, Identity, LecunNormal, LecunUniform, Ones, Orthogonal,
  RandomNormal, RandomUniform, TruncatedNormal, VarianceScaling, Zeros,
};

export const zeros = (): Initializer => new Zeros();
export const ones = (): Initializer => new Ones();
export const constant = (opts: { value?: number } = {}): Initializer => new Constant(opts);
/** Normal, mean 0 and stddev 0.05 by default. */
export const randomNormal = (opts: RandomNormalOptions = {}): Initializer => new RandomNormal(opts);
/** Uniform in [−0.05, 0.05) by default. */
export const randomUniform = (opts: RandomUniformOptions = {}): Initializer => new RandomUniform(opts);
export const truncatedNormal = (opts: RandomNormalOptions = {}): Initializer => new TruncatedNormal(opts);
export const varianceScaling = (opts: VarianceScalingOptions = {}): Initializer => new VarianceScaling(opts);
export const glorotUniform = (opts: SeedOptions = {}): Initializer => new GlorotUniform(opts);
export const glorotNormal = (opts: SeedOptions = {}): Initializer => new GlorotNormal(opts);
export const heUniform = (opts: SeedOptions = {}): Initializer => new HeUniform(opts);
export const heNormal = (opts: SeedOptions = {}): Initializer => new HeNormal(opts);
export const lecunUniform = (opts: SeedOptions = {}): Initializer => new LecunUniform(opts);
export const lecunNormal = (opts: SeedOptions = {}): Initializer => new LecunNormal(opts);
export const orthogonal = (opts: { gain?: number; seed?: number | null } = {}): Initializer => new Orthogonal(opts);
export const identity = (opts: { gain?: number } = {}): Initializer => new Identity(opts);
