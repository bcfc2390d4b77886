/**
 * The parts of the Standard Schema interface (v1, standardschema.dev) that `functionTool`
 * reads, declared here so that chat-core takes no dependency. Zod, Valibot, ArkType and
 * others implement it on their schemas' `~standard` property.
 */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly '~standard': StandardSchemaProps<Input, Output>;
}

interface StandardSchemaProps<Input, Output> {
  readonly version: 1;
  readonly vendor: string;
  readonly validate: (
    value: unknown,
  ) => StandardSchemaResult<Output> | Promise<StandardSchemaResult<Output>>;
  /** Carries the types only; never set at run time. */
  readonly types?: { readonly input: Input; readonly output: Output } | undefined;
  /**
   * Standard JSON Schema, which some libraries add (Zod 4 does, Valibot does not): the
   * schema described as JSON Schema, so the model can be told the parameters.
   */
  readonly jsonSchema?: {
    readonly input: (options: { readonly target: string }) => Record<string, unknown>;
  };
}

type StandardSchemaResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | { readonly issues: ReadonlyArray<StandardSchemaIssue> };

interface StandardSchemaIssue {
  readonly message: string;
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
}

/** The type a schema's successful validation gives. */
export type InferSchemaOutput<Schema extends StandardSchemaV1> = NonNullable<
  Schema['~standard']['types']
>['output'];
