/** The message action's command id, shared by the app manifest and the handler ("Recover from this message"). */
export const MESSAGE_ACTION = 'recoverFromMessage';
