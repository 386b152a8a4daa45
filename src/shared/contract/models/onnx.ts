import { z } from 'zod';

/**
 * The ONNX variant of a generated service: the scikit-learn model converted
 * with skl2onnx (in a separate Python), checked against the original on the
 * example row and generated rows, and served with onnxruntime, without
 * scikit-learn, scipy or pandas.
 */
export const ServiceVariant = z.enum(['sklearn', 'onnx']);
export type ServiceVariant = z.infer<typeof ServiceVariant>;

/** The installed size of one dependency set, measured from the interpreter's package records. */
export const DependencySet = z.object({
  bytes: z.number().int(),
  packages: z.array(z.string()),
  /** Packages of the set that this interpreter does not have (their size is not counted). */
  missing: z.array(z.string()),
});
export type DependencySet = z.infer<typeof DependencySet>;

export const OnnxConversion = z.object({
  /** "tensor": one float matrix input X; "columns": one input per feature. */
  inputs: z.enum(['tensor', 'columns']),
  classes: z.array(z.union([z.string(), z.number(), z.boolean()])),
  onnxBytes: z.number().int(),
  onnxSha256: z.string(),
  opset: z.number().int(),
  parity: z.object({
    /** The example row and the generated rows, run through both models. */
    rows: z.number().int(),
    labelsAgree: z.boolean(),
    mismatches: z.number().int(),
    /** Largest absolute difference of a class probability; null when the model has no predict_proba. */
    maxAbsDiff: z.number().nullable(),
  }),
  sizes: z.object({ sklearn: DependencySet, onnx: DependencySet }),
});
export type OnnxConversion = z.infer<typeof OnnxConversion>;
