import {
  type ModelCoach,
  type ModelInput,
  type ModelOutput,
  type ModelReading,
  modelOutputSchema,
} from '../../coach/modelAdvice';
import { AppError } from '../../errors';
import { renderMessages } from './prompts';

type OpenAIModule = typeof import('openai');
type OpenAIClient = import('openai').OpenAI;

export interface OpenAIOptions {
  apiKey: string;
  model: string;
  /** OpenAI's own when absent; Azure OpenAI's `…/openai/v1/`, or any compatible server (a local one, a test fake). */
  baseUrl?: string;
  timeoutMs: number;
  /** At most 1: a retry must still fit the card's deadline. */
  maxRetries: number;
}

/**
 * The OpenAI engine, through the openai SDK's structured outputs: the answer is parsed against a zod schema built
 * from the playbook, so a category or gesture the playbook does not have fails the parse. Every failure becomes an
 * AppError with an LLM_* code; the caller falls back to the rules. The SDK is only loaded when a model is
 * configured (a venue without one never pays for it); the client is built on first use.
 */
/** The model behind AI coaching, through the OpenAI SDK (any compatible server): the one port the model has. */
export class OpenAIModelCoach implements ModelCoach {
  readonly model: string;
  private sdk: OpenAIModule | undefined;
  private client: OpenAIClient | undefined;

  constructor(private readonly options: OpenAIOptions) {
    this.model = options.model;
    // loaded now, at start-up: loading it on the first slip would stall the event loop (~150 ms) mid-request
    this.load();
  }

  async read(input: ModelInput, options: { signal?: AbortSignal } = {}): Promise<ModelReading> {
    const sdk = this.load();
    const { zodResponseFormat } = require('openai/helpers/zod') as typeof import('openai/helpers/zod');
    try {
      const completion = await this.clientOf(sdk).chat.completions.parse(
        {
          model: this.model,
          messages: renderMessages(input),
          response_format: zodResponseFormat(modelOutputSchema(input.playbook), 'recovery_advice'),
          temperature: 0.2,
          max_completion_tokens: 700,
        },
        { signal: options.signal },
      );
      const message = completion.choices[0]?.message;
      if (message?.refusal) throw new AppError('LLM_REFUSAL', 'the model refused to answer');
      if (!message?.parsed) throw new AppError('LLM_MALFORMED', 'the model gave no parsable answer');
      const usage = completion.usage
        ? { promptTokens: completion.usage.prompt_tokens, completionTokens: completion.usage.completion_tokens }
        : undefined;
      return { output: message.parsed as ModelOutput, usage };
    } catch (error) {
      throw translate(sdk, error, options.signal);
    }
  }

  private load(): OpenAIModule {
    this.sdk ??= require('openai') as OpenAIModule;
    return this.sdk;
  }

  private clientOf(sdk: OpenAIModule): OpenAIClient {
    this.client ??= new sdk.OpenAI({
      apiKey: this.options.apiKey,
      baseURL: this.options.baseUrl,
      timeout: this.options.timeoutMs,
      maxRetries: Math.min(1, this.options.maxRetries),
    });
    return this.client;
  }
}

/** Every way a model call fails, as one code each (logged and counted). */
function translate(sdk: OpenAIModule, error: unknown, signal: AbortSignal | undefined): AppError {
  if (error instanceof AppError) return error;
  const details = { status: (error as { status?: number }).status };
  if (signal?.aborted || error instanceof sdk.APIUserAbortError || error instanceof sdk.APIConnectionTimeoutError)
    return new AppError('LLM_TIMEOUT', 'the model did not answer in time', { cause: error });
  if (error instanceof sdk.APIConnectionError)
    return new AppError('LLM_NETWORK', 'could not reach the model', { cause: error });
  if (error instanceof sdk.RateLimitError)
    return new AppError('LLM_RATE_LIMITED', 'the model is rate limited', { cause: error, details });
  if (error instanceof sdk.APIError)
    return new AppError('LLM_SERVER', `the model server answered ${details.status ?? 'an error'}`, {
      cause: error,
      details,
    });
  // not exported from the package root: known by its class name
  if ((error as Error)?.constructor?.name === 'ContentFilterFinishReasonError')
    return new AppError('LLM_REFUSAL', 'the model stopped on its content filter', { cause: error });
  if ((error as Error)?.name === 'ZodError')
    return new AppError('LLM_SCHEMA', 'the model answer broke the playbook schema', { cause: error });
  return new AppError('LLM_MALFORMED', 'the model answer was not valid JSON', { cause: error });
}
