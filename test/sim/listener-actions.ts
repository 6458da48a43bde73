// Listener actions the simulated accounts set up: every blue/green account starts with all traffic on blue.

/** A forward action that sends everything to `blue` and nothing to `green`. */
export const forwardToBlue = (blue: string, green: string) => [
  {
    Type: 'forward' as const,
    ForwardConfig: {
      TargetGroups: [
        { TargetGroupArn: blue, Weight: 100 },
        { TargetGroupArn: green, Weight: 0 },
      ],
    },
  },
];

/** A listener's default action when no rule matches. */
export const NOT_FOUND = [{ Type: 'fixed-response' as const, FixedResponseConfig: { StatusCode: '404' } }];
