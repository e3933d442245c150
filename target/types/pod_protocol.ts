/* Generated from the IDL source by programs/pod-protocol/build. Do not edit. */
export type PodProtocol = {
  "address": "9zJP9KKpbLvANNTSvEBrdRKee8edDwymokAiBywuFZAq",
  "metadata": {
    "name": "podProtocol",
    "version": "0.1.0",
    "spec": "0.1.0",
    "description": "PoD Protocol: agents, channels, direct and compressed messages"
  },
  "instructions": [
    {
      "name": "initialize",
      "docs": [
        "Create the protocol state; the admin must be the program's upgrade authority"
      ],
      "discriminator": [
        175,
        175,
        109,
        31,
        13,
        152,
        155,
        237
      ],
      "accounts": [
        {
          "name": "payer",
          "writable": true,
          "signer": true
        },
        {
          "name": "admin",
          "signer": true
        },
        {
          "name": "protocol",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  114,
                  111,
                  116,
                  111,
                  99,
                  111,
                  108
                ]
              }
            ]
          }
        },
        {
          "name": "programData",
          "docs": [
            "Names the upgrade authority"
          ],
          "address": "123BWj4FW6Kv3KUZMV6en6fU92BRrkdAAoNZuVXqSLzT"
        },
        {
          "name": "systemProgram",
          "address": "11111111111111111111111111111111"
        }
      ],
      "args": [
        {
          "name": "limits",
          "type": {
            "defined": {
              "name": "limits"
            }
          }
        }
      ]
    },
    {
      "name": "setAdmin",
      "docs": [
        "Hand the admin role over; the new admin signs too, so a mistyped key cannot take it"
      ],
      "discriminator": [
        251,
        163,
        0,
        52,
        91,
        194,
        187,
        92
      ],
      "accounts": [
        {
          "name": "admin",
          "signer": true
        },
        {
          "name": "protocol",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  114,
                  111,
                  116,
                  111,
                  99,
                  111,
                  108
                ]
              }
            ]
          }
        },
        {
          "name": "newAdmin",
          "signer": true
        }
      ],
      "args": []
    },
    {
      "name": "addRelayer",
      "docs": [
        "Allow a relayer authority to submit pipeline writes"
      ],
      "discriminator": [
        184,
        240,
        94,
        199,
        19,
        71,
        21,
        192
      ],
      "accounts": [
        {
          "name": "admin",
          "signer": true
        },
        {
          "name": "protocol",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  114,
                  111,
                  116,
                  111,
                  99,
                  111,
                  108
                ]
              }
            ]
          }
        }
      ],
      "args": [
        {
          "name": "relayer",
          "type": "pubkey"
        }
      ]
    },
    {
      "name": "removeRelayer",
      "docs": [
        "Withdraw a relayer authority"
      ],
      "discriminator": [
        154,
        149,
        161,
        231,
        69,
        74,
        136,
        237
      ],
      "accounts": [
        {
          "name": "admin",
          "signer": true
        },
        {
          "name": "protocol",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  114,
                  111,
                  116,
                  111,
                  99,
                  111,
                  108
                ]
              }
            ]
          }
        }
      ],
      "args": [
        {
          "name": "relayer",
          "type": "pubkey"
        }
      ]
    },
    {
      "name": "setPaused",
      "docs": [
        "Stop or resume every non-admin write"
      ],
      "discriminator": [
        91,
        60,
        125,
        192,
        176,
        225,
        166,
        218
      ],
      "accounts": [
        {
          "name": "admin",
          "signer": true
        },
        {
          "name": "protocol",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  114,
                  111,
                  116,
                  111,
                  99,
                  111,
                  108
                ]
              }
            ]
          }
        }
      ],
      "args": [
        {
          "name": "paused",
          "type": "bool"
        }
      ]
    },
    {
      "name": "updateLimits",
      "docs": [
        "Replace the protocol limits"
      ],
      "discriminator": [
        89,
        37,
        137,
        60,
        75,
        70,
        48,
        194
      ],
      "accounts": [
        {
          "name": "admin",
          "signer": true
        },
        {
          "name": "protocol",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  114,
                  111,
                  116,
                  111,
                  99,
                  111,
                  108
                ]
              }
            ]
          }
        }
      ],
      "args": [
        {
          "name": "limits",
          "type": {
            "defined": {
              "name": "limits"
            }
          }
        }
      ]
    },
    {
      "name": "registerAgent",
      "docs": [
        "Register an agent identity (its ed25519 key)"
      ],
      "discriminator": [
        135,
        157,
        66,
        195,
        2,
        113,
        175,
        30
      ],
      "accounts": [
        {
          "name": "payer",
          "writable": true,
          "signer": true
        },
        {
          "name": "authority",
          "docs": [
            "The agent itself, or a relayer listed in the protocol state"
          ],
          "signer": true
        },
        {
          "name": "protocol",
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  114,
                  111,
                  116,
                  111,
                  99,
                  111,
                  108
                ]
              }
            ]
          }
        },
        {
          "name": "agentAccount",
          "writable": true
        },
        {
          "name": "systemProgram",
          "address": "11111111111111111111111111111111"
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "registerAgentArgs"
            }
          }
        }
      ]
    },
    {
      "name": "registerAgents",
      "docs": [
        "Register many agents; their PDAs follow as remaining accounts in order",
        "Remaining accounts: agent PDAs, writable, one per entry in order"
      ],
      "discriminator": [
        21,
        212,
        129,
        231,
        203,
        98,
        105,
        12
      ],
      "accounts": [
        {
          "name": "payer",
          "writable": true,
          "signer": true
        },
        {
          "name": "authority",
          "docs": [
            "The agent itself, or a relayer listed in the protocol state"
          ],
          "signer": true
        },
        {
          "name": "protocol",
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  114,
                  111,
                  116,
                  111,
                  99,
                  111,
                  108
                ]
              }
            ]
          }
        },
        {
          "name": "systemProgram",
          "address": "11111111111111111111111111111111"
        }
      ],
      "args": [
        {
          "name": "entries",
          "type": {
            "vec": {
              "defined": {
                "name": "registerAgentArgs"
              }
            }
          }
        }
      ]
    },
    {
      "name": "updateAgent",
      "docs": [
        "Replace an agent's capabilities and metadata URI"
      ],
      "discriminator": [
        85,
        2,
        178,
        9,
        119,
        139,
        102,
        164
      ],
      "accounts": [
        {
          "name": "authority",
          "docs": [
            "The agent itself, or a relayer listed in the protocol state"
          ],
          "signer": true
        },
        {
          "name": "protocol",
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  114,
                  111,
                  116,
                  111,
                  99,
                  111,
                  108
                ]
              }
            ]
          }
        },
        {
          "name": "agentAccount",
          "writable": true
        }
      ],
      "args": [
        {
          "name": "capabilities",
          "type": "u64"
        },
        {
          "name": "metadataUri",
          "type": "string"
        },
        {
          "name": "commitment",
          "docs": [
            "sha256(agent signature || canonical request bytes); zero when the agent signs the tx"
          ],
          "type": {
            "array": [
              "u8",
              32
            ]
          }
        }
      ]
    },
    {
      "name": "closeAgent",
      "docs": [
        "Close an agent account and return its rent"
      ],
      "discriminator": [
        52,
        185,
        104,
        145,
        157,
        30,
        87,
        237
      ],
      "accounts": [
        {
          "name": "authority",
          "docs": [
            "The agent itself, or a relayer listed in the protocol state"
          ],
          "signer": true
        },
        {
          "name": "protocol",
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  114,
                  111,
                  116,
                  111,
                  99,
                  111,
                  108
                ]
              }
            ]
          }
        },
        {
          "name": "agentAccount",
          "writable": true
        },
        {
          "name": "rentReceiver",
          "docs": [
            "Must be the account that paid the rent"
          ],
          "writable": true
        }
      ],
      "args": [
        {
          "name": "commitment",
          "docs": [
            "sha256(agent signature || canonical request bytes); zero when the agent signs the tx"
          ],
          "type": {
            "array": [
              "u8",
              32
            ]
          }
        }
      ]
    },
    {
      "name": "createChannel",
      "docs": [
        "Create a channel named by up to 64 bytes (seeded by the name's sha256)"
      ],
      "discriminator": [
        37,
        105,
        253,
        99,
        87,
        46,
        223,
        20
      ],
      "accounts": [
        {
          "name": "payer",
          "writable": true,
          "signer": true
        },
        {
          "name": "authority",
          "docs": [
            "The agent itself, or a relayer listed in the protocol state"
          ],
          "signer": true
        },
        {
          "name": "protocol",
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  114,
                  111,
                  116,
                  111,
                  99,
                  111,
                  108
                ]
              }
            ]
          }
        },
        {
          "name": "creator",
          "docs": [
            "The creator's Agent account"
          ]
        },
        {
          "name": "channel",
          "writable": true
        },
        {
          "name": "systemProgram",
          "address": "11111111111111111111111111111111"
        }
      ],
      "args": [
        {
          "name": "name",
          "type": "string"
        },
        {
          "name": "visibility",
          "type": {
            "defined": {
              "name": "channelVisibility"
            }
          }
        },
        {
          "name": "maxParticipants",
          "type": "u32"
        },
        {
          "name": "commitment",
          "docs": [
            "sha256(agent signature || canonical request bytes); zero when the agent signs the tx"
          ],
          "type": {
            "array": [
              "u8",
              32
            ]
          }
        }
      ]
    },
    {
      "name": "joinChannel",
      "docs": [
        "Add an agent to a channel (invite-only: added by the creator or a relayer)"
      ],
      "discriminator": [
        124,
        39,
        115,
        89,
        217,
        26,
        38,
        29
      ],
      "accounts": [
        {
          "name": "payer",
          "writable": true,
          "signer": true
        },
        {
          "name": "authority",
          "docs": [
            "The agent itself, or a relayer listed in the protocol state"
          ],
          "signer": true
        },
        {
          "name": "protocol",
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  114,
                  111,
                  116,
                  111,
                  99,
                  111,
                  108
                ]
              }
            ]
          }
        },
        {
          "name": "agentAccount"
        },
        {
          "name": "channel",
          "writable": true
        },
        {
          "name": "membership",
          "writable": true
        },
        {
          "name": "systemProgram",
          "address": "11111111111111111111111111111111"
        }
      ],
      "args": [
        {
          "name": "commitment",
          "docs": [
            "sha256(agent signature || canonical request bytes); zero when the agent signs the tx"
          ],
          "type": {
            "array": [
              "u8",
              32
            ]
          }
        }
      ]
    },
    {
      "name": "leaveChannel",
      "docs": [
        "Remove an agent from a channel; closing the membership lets it rejoin later"
      ],
      "discriminator": [
        104,
        0,
        75,
        134,
        95,
        80,
        68,
        186
      ],
      "accounts": [
        {
          "name": "authority",
          "docs": [
            "The agent itself, or a relayer listed in the protocol state"
          ],
          "signer": true
        },
        {
          "name": "protocol",
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  114,
                  111,
                  116,
                  111,
                  99,
                  111,
                  108
                ]
              }
            ]
          }
        },
        {
          "name": "agentAccount"
        },
        {
          "name": "channel",
          "writable": true
        },
        {
          "name": "membership",
          "writable": true
        },
        {
          "name": "rentReceiver",
          "docs": [
            "Must be the account that paid the rent"
          ],
          "writable": true
        }
      ],
      "args": [
        {
          "name": "commitment",
          "docs": [
            "sha256(agent signature || canonical request bytes); zero when the agent signs the tx"
          ],
          "type": {
            "array": [
              "u8",
              32
            ]
          }
        }
      ]
    },
    {
      "name": "closeChannel",
      "docs": [
        "Close a channel to joins and posts; the account is deleted once it has no members"
      ],
      "discriminator": [
        0,
        104,
        36,
        1,
        66,
        0,
        103,
        157
      ],
      "accounts": [
        {
          "name": "authority",
          "docs": [
            "The agent itself, or a relayer listed in the protocol state"
          ],
          "signer": true
        },
        {
          "name": "protocol",
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  114,
                  111,
                  116,
                  111,
                  99,
                  111,
                  108
                ]
              }
            ]
          }
        },
        {
          "name": "channel",
          "writable": true
        },
        {
          "name": "rentReceiver",
          "docs": [
            "Must be the account that paid the rent"
          ],
          "writable": true
        }
      ],
      "args": [
        {
          "name": "commitment",
          "docs": [
            "sha256(agent signature || canonical request bytes); zero when the agent signs the tx"
          ],
          "type": {
            "array": [
              "u8",
              32
            ]
          }
        }
      ]
    },
    {
      "name": "sendMessage",
      "docs": [
        "Store a direct message to an agent in its own account"
      ],
      "discriminator": [
        57,
        40,
        34,
        178,
        189,
        10,
        65,
        26
      ],
      "accounts": [
        {
          "name": "payer",
          "writable": true,
          "signer": true
        },
        {
          "name": "authority",
          "docs": [
            "The agent itself, or a relayer listed in the protocol state"
          ],
          "signer": true
        },
        {
          "name": "protocol",
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  114,
                  111,
                  116,
                  111,
                  99,
                  111,
                  108
                ]
              }
            ]
          }
        },
        {
          "name": "sender",
          "docs": [
            "The sender's Agent account"
          ]
        },
        {
          "name": "recipient",
          "docs": [
            "The recipient's Agent account"
          ]
        },
        {
          "name": "message",
          "writable": true
        },
        {
          "name": "systemProgram",
          "address": "11111111111111111111111111111111"
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "messageArgs"
            }
          }
        }
      ]
    },
    {
      "name": "postToChannel",
      "docs": [
        "Store a message to a channel in its own account; the sender must be a member"
      ],
      "discriminator": [
        111,
        195,
        117,
        200,
        146,
        43,
        167,
        189
      ],
      "accounts": [
        {
          "name": "payer",
          "writable": true,
          "signer": true
        },
        {
          "name": "authority",
          "docs": [
            "The agent itself, or a relayer listed in the protocol state"
          ],
          "signer": true
        },
        {
          "name": "protocol",
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  114,
                  111,
                  116,
                  111,
                  99,
                  111,
                  108
                ]
              }
            ]
          }
        },
        {
          "name": "sender",
          "docs": [
            "The sender's Agent account"
          ]
        },
        {
          "name": "channel"
        },
        {
          "name": "membership"
        },
        {
          "name": "message",
          "writable": true
        },
        {
          "name": "systemProgram",
          "address": "11111111111111111111111111111111"
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "messageArgs"
            }
          }
        }
      ]
    },
    {
      "name": "markDelivered",
      "docs": [
        "Recipient (or a relayer for it) marks a direct message delivered"
      ],
      "discriminator": [
        240,
        118,
        188,
        142,
        64,
        85,
        107,
        18
      ],
      "accounts": [
        {
          "name": "authority",
          "docs": [
            "The agent itself, or a relayer listed in the protocol state"
          ],
          "signer": true
        },
        {
          "name": "protocol",
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  114,
                  111,
                  116,
                  111,
                  99,
                  111,
                  108
                ]
              }
            ]
          }
        },
        {
          "name": "message",
          "writable": true
        }
      ],
      "args": [
        {
          "name": "commitment",
          "docs": [
            "sha256(agent signature || canonical request bytes); zero when the agent signs the tx"
          ],
          "type": {
            "array": [
              "u8",
              32
            ]
          }
        }
      ]
    },
    {
      "name": "markRead",
      "docs": [
        "Recipient (or a relayer for it) marks a direct message read"
      ],
      "discriminator": [
        132,
        74,
        238,
        252,
        142,
        122,
        56,
        71
      ],
      "accounts": [
        {
          "name": "authority",
          "docs": [
            "The agent itself, or a relayer listed in the protocol state"
          ],
          "signer": true
        },
        {
          "name": "protocol",
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  114,
                  111,
                  116,
                  111,
                  99,
                  111,
                  108
                ]
              }
            ]
          }
        },
        {
          "name": "message",
          "writable": true
        }
      ],
      "args": [
        {
          "name": "commitment",
          "docs": [
            "sha256(agent signature || canonical request bytes); zero when the agent signs the tx"
          ],
          "type": {
            "array": [
              "u8",
              32
            ]
          }
        }
      ]
    },
    {
      "name": "closeExpiredMessage",
      "docs": [
        "Anyone may close an expired message; the rent returns to its payer"
      ],
      "discriminator": [
        41,
        130,
        195,
        12,
        16,
        85,
        197,
        121
      ],
      "accounts": [
        {
          "name": "message",
          "writable": true
        },
        {
          "name": "rentReceiver",
          "docs": [
            "Must be the account that paid the rent"
          ],
          "writable": true
        }
      ],
      "args": []
    },
    {
      "name": "appendCompressedMessages",
      "docs": [
        "Store records as Light compressed accounts owned by the program (CPI, no proof)"
      ],
      "discriminator": [
        136,
        90,
        211,
        188,
        120,
        149,
        31,
        100
      ],
      "accounts": [
        {
          "name": "feePayer",
          "writable": true,
          "signer": true
        },
        {
          "name": "authority",
          "docs": [
            "The agent itself, or a relayer listed in the protocol state"
          ],
          "signer": true
        },
        {
          "name": "protocol",
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  114,
                  111,
                  116,
                  111,
                  99,
                  111,
                  108
                ]
              }
            ]
          }
        },
        {
          "name": "cpiAuthority",
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  99,
                  112,
                  105,
                  95,
                  97,
                  117,
                  116,
                  104,
                  111,
                  114,
                  105,
                  116,
                  121
                ]
              }
            ]
          }
        },
        {
          "name": "lightSystemProgram",
          "address": "SySTEM1eSU2p4BGQfQpimFEWWSC1XDFeun3Nqzz3rT7"
        },
        {
          "name": "registeredProgramPda",
          "address": "35hkDgaAKwMCaxRz2ocSZ6NaUrtKkyNqU6c4RV3tYJRh"
        },
        {
          "name": "noopProgram",
          "address": "noopb9bkMVfRPU8AsbpTUg8AQkHtKwMYZiFUjNRtMmV"
        },
        {
          "name": "accountCompressionAuthority",
          "address": "HwXnGK3tPkkVY6P439H2p68AxpeuWXd5PcrAxFpbmfbA"
        },
        {
          "name": "accountCompressionProgram",
          "address": "compr6CUsB5m2jS4Y3831ztGSTnDpnKJTKS95d64XVq"
        },
        {
          "name": "selfProgram",
          "docs": [
            "This program (Light's invoking_program)"
          ]
        },
        {
          "name": "systemProgram",
          "address": "11111111111111111111111111111111"
        },
        {
          "name": "merkleTree",
          "docs": [
            "A V1 state tree"
          ],
          "writable": true
        }
      ],
      "args": [
        {
          "name": "records",
          "type": {
            "vec": {
              "defined": {
                "name": "packedRecord"
              }
            }
          }
        }
      ]
    },
    {
      "name": "appendSignedMessages",
      "docs": [
        "Store one compressed SignedMessage per signature of the ed25519 instruction just before this one (agent key, 32-byte request digest); the chain has verified each"
      ],
      "discriminator": [
        114,
        133,
        22,
        198,
        193,
        242,
        24,
        194
      ],
      "accounts": [
        {
          "name": "feePayer",
          "writable": true,
          "signer": true
        },
        {
          "name": "authority",
          "docs": [
            "The agent itself, or a relayer listed in the protocol state"
          ],
          "signer": true
        },
        {
          "name": "protocol",
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  114,
                  111,
                  116,
                  111,
                  99,
                  111,
                  108
                ]
              }
            ]
          }
        },
        {
          "name": "cpiAuthority",
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  99,
                  112,
                  105,
                  95,
                  97,
                  117,
                  116,
                  104,
                  111,
                  114,
                  105,
                  116,
                  121
                ]
              }
            ]
          }
        },
        {
          "name": "lightSystemProgram",
          "address": "SySTEM1eSU2p4BGQfQpimFEWWSC1XDFeun3Nqzz3rT7"
        },
        {
          "name": "registeredProgramPda",
          "address": "35hkDgaAKwMCaxRz2ocSZ6NaUrtKkyNqU6c4RV3tYJRh"
        },
        {
          "name": "noopProgram",
          "address": "noopb9bkMVfRPU8AsbpTUg8AQkHtKwMYZiFUjNRtMmV"
        },
        {
          "name": "accountCompressionAuthority",
          "address": "HwXnGK3tPkkVY6P439H2p68AxpeuWXd5PcrAxFpbmfbA"
        },
        {
          "name": "accountCompressionProgram",
          "address": "compr6CUsB5m2jS4Y3831ztGSTnDpnKJTKS95d64XVq"
        },
        {
          "name": "selfProgram",
          "docs": [
            "This program (Light's invoking_program)"
          ]
        },
        {
          "name": "systemProgram",
          "address": "11111111111111111111111111111111"
        },
        {
          "name": "merkleTree",
          "docs": [
            "A V1 state tree"
          ],
          "writable": true
        },
        {
          "name": "instructionsSysvar",
          "address": "Sysvar1nstructions1111111111111111111111111"
        }
      ],
      "args": []
    }
  ],
  "accounts": [
    {
      "name": "protocol",
      "discriminator": [
        45,
        39,
        101,
        43,
        115,
        72,
        131,
        40
      ]
    },
    {
      "name": "agent",
      "discriminator": [
        47,
        166,
        112,
        147,
        155,
        197,
        86,
        7
      ]
    },
    {
      "name": "channel",
      "discriminator": [
        49,
        159,
        99,
        106,
        220,
        87,
        219,
        88
      ]
    },
    {
      "name": "membership",
      "discriminator": [
        231,
        141,
        180,
        98,
        109,
        168,
        175,
        166
      ]
    },
    {
      "name": "message",
      "discriminator": [
        110,
        151,
        23,
        110,
        198,
        6,
        125,
        181
      ]
    },
    {
      "name": "compressedMessage",
      "discriminator": [
        147,
        21,
        252,
        241,
        183,
        126,
        87,
        178
      ]
    },
    {
      "name": "signedMessage",
      "discriminator": [
        215,
        151,
        0,
        56,
        152,
        237,
        143,
        203
      ]
    }
  ],
  "events": [
    {
      "name": "protocolInitialized",
      "discriminator": [
        173,
        122,
        168,
        254,
        9,
        118,
        76,
        132
      ]
    },
    {
      "name": "adminChanged",
      "discriminator": [
        232,
        34,
        31,
        226,
        62,
        18,
        19,
        114
      ]
    },
    {
      "name": "relayerAdded",
      "discriminator": [
        69,
        122,
        120,
        184,
        172,
        191,
        158,
        35
      ]
    },
    {
      "name": "relayerRemoved",
      "discriminator": [
        80,
        128,
        167,
        196,
        112,
        68,
        65,
        241
      ]
    },
    {
      "name": "pausedSet",
      "discriminator": [
        171,
        125,
        127,
        156,
        233,
        81,
        68,
        66
      ]
    },
    {
      "name": "limitsUpdated",
      "discriminator": [
        160,
        131,
        108,
        76,
        91,
        80,
        118,
        137
      ]
    },
    {
      "name": "agentRegistered",
      "discriminator": [
        191,
        78,
        217,
        54,
        232,
        100,
        189,
        85
      ]
    },
    {
      "name": "agentUpdated",
      "discriminator": [
        210,
        179,
        162,
        250,
        123,
        250,
        210,
        166
      ]
    },
    {
      "name": "agentClosed",
      "discriminator": [
        72,
        133,
        207,
        59,
        220,
        188,
        201,
        165
      ]
    },
    {
      "name": "channelCreated",
      "discriminator": [
        32,
        4,
        161,
        165,
        148,
        144,
        56,
        139
      ]
    },
    {
      "name": "channelJoined",
      "discriminator": [
        125,
        243,
        249,
        151,
        9,
        21,
        57,
        117
      ]
    },
    {
      "name": "channelLeft",
      "discriminator": [
        151,
        18,
        183,
        105,
        104,
        244,
        83,
        6
      ]
    },
    {
      "name": "channelClosed",
      "discriminator": [
        119,
        198,
        23,
        254,
        216,
        124,
        84,
        16
      ]
    },
    {
      "name": "messageSent",
      "discriminator": [
        116,
        70,
        224,
        76,
        128,
        28,
        110,
        55
      ]
    },
    {
      "name": "messageStatusChanged",
      "discriminator": [
        28,
        58,
        63,
        0,
        105,
        31,
        18,
        174
      ]
    },
    {
      "name": "messageClosed",
      "discriminator": [
        14,
        187,
        34,
        213,
        42,
        252,
        158,
        18
      ]
    },
    {
      "name": "compressedMessagesAppended",
      "discriminator": [
        223,
        242,
        188,
        234,
        140,
        64,
        87,
        212
      ]
    },
    {
      "name": "signedMessagesAppended",
      "discriminator": [
        92,
        63,
        164,
        242,
        78,
        67,
        215,
        222
      ]
    }
  ],
  "errors": [
    {
      "code": 6000,
      "name": "instructionUnknown",
      "msg": "Instruction discriminator is not known"
    },
    {
      "code": 6001,
      "name": "instructionDataInvalid",
      "msg": "Instruction data does not decode"
    },
    {
      "code": 6002,
      "name": "accountsMissing",
      "msg": "Fewer accounts than the instruction needs"
    },
    {
      "code": 6003,
      "name": "signerMissing",
      "msg": "A required signer did not sign"
    },
    {
      "code": 6004,
      "name": "accountNotWritable",
      "msg": "An account that is written was passed read-only"
    },
    {
      "code": 6005,
      "name": "accountOwnerInvalid",
      "msg": "Account is not owned by the expected program"
    },
    {
      "code": 6006,
      "name": "accountTypeInvalid",
      "msg": "Account discriminator or size does not match its type"
    },
    {
      "code": 6007,
      "name": "addressMismatch",
      "msg": "Account address does not match its seeds or fixed address"
    },
    {
      "code": 6008,
      "name": "alreadyInitialized",
      "msg": "The protocol state already exists"
    },
    {
      "code": 6009,
      "name": "notAdmin",
      "msg": "Signer is not the protocol admin"
    },
    {
      "code": 6010,
      "name": "notAgentOrRelayer",
      "msg": "Signer is neither the agent nor a relayer"
    },
    {
      "code": 6011,
      "name": "notRecipientOrRelayer",
      "msg": "Signer is neither the recipient nor a relayer"
    },
    {
      "code": 6012,
      "name": "notCreatorOrRelayer",
      "msg": "Signer is neither the channel creator nor a relayer"
    },
    {
      "code": 6013,
      "name": "notRelayer",
      "msg": "Signer is not a relayer and is not every record's sender"
    },
    {
      "code": 6014,
      "name": "protocolPaused",
      "msg": "The protocol is paused"
    },
    {
      "code": 6015,
      "name": "relayerListFull",
      "msg": "The relayer list is full"
    },
    {
      "code": 6016,
      "name": "relayerAlreadyListed",
      "msg": "The relayer is already listed"
    },
    {
      "code": 6017,
      "name": "relayerNotListed",
      "msg": "The relayer is not listed"
    },
    {
      "code": 6018,
      "name": "limitsInvalid",
      "msg": "A limit is zero or out of range"
    },
    {
      "code": 6019,
      "name": "metadataUriTooLong",
      "msg": "Metadata URI exceeds its maximum length"
    },
    {
      "code": 6020,
      "name": "batchEmpty",
      "msg": "A batch has no entries"
    },
    {
      "code": 6021,
      "name": "batchTooLarge",
      "msg": "A batch exceeds the protocol's max_batch"
    },
    {
      "code": 6022,
      "name": "agentAlreadyRegistered",
      "msg": "The agent is already registered"
    },
    {
      "code": 6023,
      "name": "channelNameLength",
      "msg": "Channel name is empty or longer than 64 bytes"
    },
    {
      "code": 6024,
      "name": "channelAlreadyExists",
      "msg": "A channel with this name exists"
    },
    {
      "code": 6025,
      "name": "participantLimitInvalid",
      "msg": "Participant limit is zero or above the protocol limit"
    },
    {
      "code": 6026,
      "name": "channelClosed",
      "msg": "The channel is closed"
    },
    {
      "code": 6027,
      "name": "channelFull",
      "msg": "The channel has reached its participant limit"
    },
    {
      "code": 6028,
      "name": "inviteRequired",
      "msg": "Invite-only channel: the creator or a relayer must add members"
    },
    {
      "code": 6029,
      "name": "alreadyMember",
      "msg": "The agent is already a member of the channel"
    },
    {
      "code": 6030,
      "name": "notMember",
      "msg": "The agent is not a member of the channel"
    },
    {
      "code": 6031,
      "name": "membershipMismatch",
      "msg": "The membership belongs to another channel or agent"
    },
    {
      "code": 6032,
      "name": "duplicateMessage",
      "msg": "A message with this request id exists"
    },
    {
      "code": 6033,
      "name": "ttlInvalid",
      "msg": "Message TTL is zero or above the protocol maximum"
    },
    {
      "code": 6034,
      "name": "cidTooLong",
      "msg": "CID exceeds its maximum length"
    },
    {
      "code": 6035,
      "name": "statusNotTracked",
      "msg": "Channel messages have no delivery status"
    },
    {
      "code": 6036,
      "name": "statusTransitionInvalid",
      "msg": "Message status may only move forward"
    },
    {
      "code": 6037,
      "name": "messageNotExpired",
      "msg": "The message has not expired"
    },
    {
      "code": 6038,
      "name": "rentReceiverMismatch",
      "msg": "Rent must return to the account that paid it"
    },
    {
      "code": 6039,
      "name": "rentUnsupported",
      "msg": "Rent sysvar has an exemption threshold the program cannot use"
    },
    {
      "code": 6040,
      "name": "notUpgradeAuthority",
      "msg": "Signer is not the program's upgrade authority"
    },
    {
      "code": 6041,
      "name": "signatureInstructionMissing",
      "msg": "The instruction before this one is not an ed25519 signature check"
    },
    {
      "code": 6042,
      "name": "signatureLayoutInvalid",
      "msg": "An ed25519 entry points outside its instruction or signs other than 32 bytes"
    }
  ],
  "types": [
    {
      "name": "protocol",
      "docs": [
        "PDA [\"protocol\"]; written only by the admin instructions"
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "admin",
            "type": "pubkey"
          },
          {
            "name": "paused",
            "type": "bool"
          },
          {
            "name": "bump",
            "type": "u8"
          },
          {
            "name": "limits",
            "type": {
              "defined": {
                "name": "limits"
              }
            }
          },
          {
            "name": "relayers",
            "type": {
              "vec": "pubkey"
            }
          }
        ]
      }
    },
    {
      "name": "agent",
      "docs": [
        "PDA [\"agent\", agent]"
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "agent",
            "type": "pubkey"
          },
          {
            "name": "capabilities",
            "type": "u64"
          },
          {
            "name": "registeredAt",
            "type": "i64"
          },
          {
            "name": "updatedAt",
            "type": "i64"
          },
          {
            "name": "commitment",
            "type": {
              "array": [
                "u8",
                32
              ]
            }
          },
          {
            "name": "payer",
            "type": "pubkey"
          },
          {
            "name": "bump",
            "type": "u8"
          },
          {
            "name": "metadataUri",
            "type": "string"
          }
        ]
      }
    },
    {
      "name": "channel",
      "docs": [
        "PDA [\"channel\", sha256(name)]"
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "creator",
            "type": "pubkey"
          },
          {
            "name": "nameHash",
            "type": {
              "array": [
                "u8",
                32
              ]
            }
          },
          {
            "name": "visibility",
            "type": {
              "defined": {
                "name": "channelVisibility"
              }
            }
          },
          {
            "name": "closed",
            "type": "bool"
          },
          {
            "name": "maxParticipants",
            "type": "u32"
          },
          {
            "name": "participantCount",
            "type": "u32"
          },
          {
            "name": "createdAt",
            "type": "i64"
          },
          {
            "name": "payer",
            "type": "pubkey"
          },
          {
            "name": "bump",
            "type": "u8"
          },
          {
            "name": "name",
            "type": "string"
          }
        ]
      }
    },
    {
      "name": "membership",
      "docs": [
        "PDA [\"member\", channel, agent]"
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "channel",
            "type": "pubkey"
          },
          {
            "name": "agent",
            "type": "pubkey"
          },
          {
            "name": "joinedAt",
            "type": "i64"
          },
          {
            "name": "payer",
            "type": "pubkey"
          },
          {
            "name": "bump",
            "type": "u8"
          }
        ]
      }
    },
    {
      "name": "message",
      "docs": [
        "PDA [\"message\", request_id]; one per request, so the chain refuses a duplicate"
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "requestId",
            "type": {
              "array": [
                "u8",
                32
              ]
            }
          },
          {
            "name": "sender",
            "type": "pubkey"
          },
          {
            "name": "recipient",
            "type": "pubkey"
          },
          {
            "name": "recipientKind",
            "type": {
              "defined": {
                "name": "recipientKind"
              }
            }
          },
          {
            "name": "messageType",
            "type": {
              "defined": {
                "name": "messageType"
              }
            }
          },
          {
            "name": "status",
            "type": {
              "defined": {
                "name": "messageStatus"
              }
            }
          },
          {
            "name": "contentHash",
            "type": {
              "array": [
                "u8",
                32
              ]
            }
          },
          {
            "name": "createdAt",
            "type": "i64"
          },
          {
            "name": "expiresAt",
            "type": "i64"
          },
          {
            "name": "commitment",
            "type": {
              "array": [
                "u8",
                32
              ]
            }
          },
          {
            "name": "payer",
            "type": "pubkey"
          },
          {
            "name": "bump",
            "type": "u8"
          },
          {
            "name": "cid",
            "type": {
              "option": "string"
            }
          }
        ]
      }
    },
    {
      "name": "compressedMessage",
      "docs": [
        "Data of a Light compressed account owned by the program (not a Solana account)"
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "sender",
            "type": "pubkey"
          },
          {
            "name": "envelopeHash",
            "type": {
              "array": [
                "u8",
                32
              ]
            }
          },
          {
            "name": "createdAt",
            "type": "i64"
          }
        ]
      }
    },
    {
      "name": "signedMessage",
      "docs": [
        "Data of a compressed account whose ed25519 signature the chain verified"
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "sender",
            "type": "pubkey"
          },
          {
            "name": "requestDigest",
            "docs": [
              "The 32 bytes the agent signed"
            ],
            "type": {
              "array": [
                "u8",
                32
              ]
            }
          },
          {
            "name": "createdAt",
            "type": "i64"
          }
        ]
      }
    },
    {
      "name": "protocolInitialized",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "admin",
            "type": "pubkey"
          },
          {
            "name": "limits",
            "type": {
              "defined": {
                "name": "limits"
              }
            }
          }
        ]
      }
    },
    {
      "name": "adminChanged",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "previous",
            "type": "pubkey"
          },
          {
            "name": "admin",
            "type": "pubkey"
          }
        ]
      }
    },
    {
      "name": "relayerAdded",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "relayer",
            "type": "pubkey"
          }
        ]
      }
    },
    {
      "name": "relayerRemoved",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "relayer",
            "type": "pubkey"
          }
        ]
      }
    },
    {
      "name": "pausedSet",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "paused",
            "type": "bool"
          }
        ]
      }
    },
    {
      "name": "limitsUpdated",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "limits",
            "type": {
              "defined": {
                "name": "limits"
              }
            }
          }
        ]
      }
    },
    {
      "name": "agentRegistered",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "agent",
            "type": "pubkey"
          },
          {
            "name": "capabilities",
            "type": "u64"
          },
          {
            "name": "authority",
            "type": "pubkey"
          },
          {
            "name": "commitment",
            "type": {
              "array": [
                "u8",
                32
              ]
            }
          }
        ]
      }
    },
    {
      "name": "agentUpdated",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "agent",
            "type": "pubkey"
          },
          {
            "name": "capabilities",
            "type": "u64"
          },
          {
            "name": "authority",
            "type": "pubkey"
          },
          {
            "name": "commitment",
            "type": {
              "array": [
                "u8",
                32
              ]
            }
          }
        ]
      }
    },
    {
      "name": "agentClosed",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "agent",
            "type": "pubkey"
          },
          {
            "name": "authority",
            "type": "pubkey"
          },
          {
            "name": "commitment",
            "type": {
              "array": [
                "u8",
                32
              ]
            }
          }
        ]
      }
    },
    {
      "name": "channelCreated",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "channel",
            "type": "pubkey"
          },
          {
            "name": "creator",
            "type": "pubkey"
          },
          {
            "name": "nameHash",
            "type": {
              "array": [
                "u8",
                32
              ]
            }
          },
          {
            "name": "visibility",
            "type": {
              "defined": {
                "name": "channelVisibility"
              }
            }
          },
          {
            "name": "maxParticipants",
            "type": "u32"
          },
          {
            "name": "authority",
            "type": "pubkey"
          },
          {
            "name": "commitment",
            "type": {
              "array": [
                "u8",
                32
              ]
            }
          }
        ]
      }
    },
    {
      "name": "channelJoined",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "channel",
            "type": "pubkey"
          },
          {
            "name": "agent",
            "type": "pubkey"
          },
          {
            "name": "participantCount",
            "type": "u32"
          },
          {
            "name": "authority",
            "type": "pubkey"
          },
          {
            "name": "commitment",
            "type": {
              "array": [
                "u8",
                32
              ]
            }
          }
        ]
      }
    },
    {
      "name": "channelLeft",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "channel",
            "type": "pubkey"
          },
          {
            "name": "agent",
            "type": "pubkey"
          },
          {
            "name": "participantCount",
            "type": "u32"
          },
          {
            "name": "authority",
            "type": "pubkey"
          },
          {
            "name": "commitment",
            "type": {
              "array": [
                "u8",
                32
              ]
            }
          }
        ]
      }
    },
    {
      "name": "channelClosed",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "channel",
            "type": "pubkey"
          },
          {
            "name": "accountClosed",
            "type": "bool"
          },
          {
            "name": "authority",
            "type": "pubkey"
          },
          {
            "name": "commitment",
            "type": {
              "array": [
                "u8",
                32
              ]
            }
          }
        ]
      }
    },
    {
      "name": "messageSent",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "message",
            "type": "pubkey"
          },
          {
            "name": "requestId",
            "type": {
              "array": [
                "u8",
                32
              ]
            }
          },
          {
            "name": "sender",
            "type": "pubkey"
          },
          {
            "name": "recipient",
            "type": "pubkey"
          },
          {
            "name": "recipientKind",
            "type": {
              "defined": {
                "name": "recipientKind"
              }
            }
          },
          {
            "name": "contentHash",
            "type": {
              "array": [
                "u8",
                32
              ]
            }
          },
          {
            "name": "expiresAt",
            "type": "i64"
          },
          {
            "name": "authority",
            "type": "pubkey"
          },
          {
            "name": "commitment",
            "type": {
              "array": [
                "u8",
                32
              ]
            }
          }
        ]
      }
    },
    {
      "name": "messageStatusChanged",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "message",
            "type": "pubkey"
          },
          {
            "name": "status",
            "type": {
              "defined": {
                "name": "messageStatus"
              }
            }
          },
          {
            "name": "authority",
            "type": "pubkey"
          },
          {
            "name": "commitment",
            "type": {
              "array": [
                "u8",
                32
              ]
            }
          }
        ]
      }
    },
    {
      "name": "messageClosed",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "message",
            "type": "pubkey"
          }
        ]
      }
    },
    {
      "name": "compressedMessagesAppended",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "authority",
            "type": "pubkey"
          },
          {
            "name": "merkleTree",
            "type": "pubkey"
          },
          {
            "name": "count",
            "type": "u16"
          },
          {
            "name": "createdAt",
            "type": "i64"
          }
        ]
      }
    },
    {
      "name": "signedMessagesAppended",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "authority",
            "type": "pubkey"
          },
          {
            "name": "merkleTree",
            "type": "pubkey"
          },
          {
            "name": "count",
            "type": "u16"
          },
          {
            "name": "createdAt",
            "type": "i64"
          }
        ]
      }
    },
    {
      "name": "limits",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "maxTtlSecs",
            "type": "u32"
          },
          {
            "name": "maxChannelParticipants",
            "type": "u32"
          },
          {
            "name": "maxBatch",
            "docs": [
              "agents per register_agents, records per append"
            ],
            "type": "u16"
          }
        ]
      }
    },
    {
      "name": "registerAgentArgs",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "agent",
            "type": "pubkey"
          },
          {
            "name": "capabilities",
            "type": "u64"
          },
          {
            "name": "metadataUri",
            "type": "string"
          },
          {
            "name": "commitment",
            "docs": [
              "sha256(agent signature || canonical request bytes); zero when the agent signs the tx"
            ],
            "type": {
              "array": [
                "u8",
                32
              ]
            }
          }
        ]
      }
    },
    {
      "name": "messageArgs",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "requestId",
            "type": {
              "array": [
                "u8",
                32
              ]
            }
          },
          {
            "name": "messageType",
            "type": {
              "defined": {
                "name": "messageType"
              }
            }
          },
          {
            "name": "contentHash",
            "type": {
              "array": [
                "u8",
                32
              ]
            }
          },
          {
            "name": "ttlSecs",
            "type": "u32"
          },
          {
            "name": "commitment",
            "docs": [
              "sha256(agent signature || canonical request bytes); zero when the agent signs the tx"
            ],
            "type": {
              "array": [
                "u8",
                32
              ]
            }
          },
          {
            "name": "cid",
            "type": {
              "option": "string"
            }
          }
        ]
      }
    },
    {
      "name": "packedRecord",
      "docs": [
        "One compressed message as the relayer submits it"
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "sender",
            "type": "pubkey"
          },
          {
            "name": "envelopeHash",
            "docs": [
              "sha256(agent signature || canonical request bytes)"
            ],
            "type": {
              "array": [
                "u8",
                32
              ]
            }
          }
        ]
      }
    },
    {
      "name": "channelVisibility",
      "type": {
        "kind": "enum",
        "variants": [
          {
            "name": "public"
          },
          {
            "name": "inviteOnly"
          }
        ]
      }
    },
    {
      "name": "recipientKind",
      "type": {
        "kind": "enum",
        "variants": [
          {
            "name": "agent"
          },
          {
            "name": "channel"
          }
        ]
      }
    },
    {
      "name": "messageType",
      "type": {
        "kind": "enum",
        "variants": [
          {
            "name": "text"
          },
          {
            "name": "data"
          },
          {
            "name": "command"
          },
          {
            "name": "response"
          }
        ]
      }
    },
    {
      "name": "messageStatus",
      "type": {
        "kind": "enum",
        "variants": [
          {
            "name": "sent"
          },
          {
            "name": "delivered"
          },
          {
            "name": "read"
          }
        ]
      }
    }
  ]
};
