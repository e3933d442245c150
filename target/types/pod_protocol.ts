/* Generated from the IDL source by programs/pod-protocol/build. Do not edit. */
export type PodProtocol = {
  "address": "9zJP9KKpbLvANNTSvEBrdRKee8edDwymokAiBywuFZAq",
  "metadata": {
    "name": "pod_protocol",
    "version": "0.1.0",
    "spec": "0.1.0",
    "description": "PoD Protocol: agents, channels, direct and compressed messages"
  },
  "instructions": [
    {
      "name": "initialize",
      "docs": [
        "Create the protocol state with its admin and limits"
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
          "name": "system_program",
          "address": "11111111111111111111111111111111"
        }
      ],
      "args": [
        {
          "name": "limits",
          "type": {
            "defined": {
              "name": "Limits"
            }
          }
        }
      ]
    },
    {
      "name": "add_relayer",
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
      "name": "remove_relayer",
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
      "name": "set_paused",
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
      "name": "update_limits",
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
              "name": "Limits"
            }
          }
        }
      ]
    },
    {
      "name": "register_agent",
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
          "name": "agent_account",
          "writable": true
        },
        {
          "name": "system_program",
          "address": "11111111111111111111111111111111"
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "RegisterAgentArgs"
            }
          }
        }
      ]
    },
    {
      "name": "register_agents",
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
          "name": "system_program",
          "address": "11111111111111111111111111111111"
        }
      ],
      "args": [
        {
          "name": "entries",
          "type": {
            "vec": {
              "defined": {
                "name": "RegisterAgentArgs"
              }
            }
          }
        }
      ]
    },
    {
      "name": "update_agent",
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
          "name": "agent_account",
          "writable": true
        }
      ],
      "args": [
        {
          "name": "capabilities",
          "type": "u64"
        },
        {
          "name": "metadata_uri",
          "type": "string"
        },
        {
          "name": "commitment",
          "docs": [
            "sha256 of the agent's ed25519 signature over the canonical request (zero if the agent signs)"
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
      "name": "close_agent",
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
          "name": "agent_account",
          "writable": true
        },
        {
          "name": "rent_receiver",
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
            "sha256 of the agent's ed25519 signature over the canonical request (zero if the agent signs)"
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
      "name": "create_channel",
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
          "name": "system_program",
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
              "name": "ChannelVisibility"
            }
          }
        },
        {
          "name": "max_participants",
          "type": "u32"
        },
        {
          "name": "commitment",
          "docs": [
            "sha256 of the agent's ed25519 signature over the canonical request (zero if the agent signs)"
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
      "name": "join_channel",
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
          "name": "agent_account"
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
          "name": "system_program",
          "address": "11111111111111111111111111111111"
        }
      ],
      "args": [
        {
          "name": "commitment",
          "docs": [
            "sha256 of the agent's ed25519 signature over the canonical request (zero if the agent signs)"
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
      "name": "leave_channel",
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
          "name": "agent_account"
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
          "name": "rent_receiver",
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
            "sha256 of the agent's ed25519 signature over the canonical request (zero if the agent signs)"
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
      "name": "close_channel",
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
          "name": "rent_receiver",
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
            "sha256 of the agent's ed25519 signature over the canonical request (zero if the agent signs)"
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
      "name": "send_message",
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
          "name": "system_program",
          "address": "11111111111111111111111111111111"
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "MessageArgs"
            }
          }
        }
      ]
    },
    {
      "name": "post_to_channel",
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
          "name": "system_program",
          "address": "11111111111111111111111111111111"
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "MessageArgs"
            }
          }
        }
      ]
    },
    {
      "name": "mark_delivered",
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
            "sha256 of the agent's ed25519 signature over the canonical request (zero if the agent signs)"
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
      "name": "mark_read",
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
            "sha256 of the agent's ed25519 signature over the canonical request (zero if the agent signs)"
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
      "name": "close_expired_message",
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
          "name": "rent_receiver",
          "docs": [
            "Must be the account that paid the rent"
          ],
          "writable": true
        }
      ],
      "args": []
    },
    {
      "name": "append_compressed_messages",
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
          "name": "fee_payer",
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
          "name": "cpi_authority",
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
          "name": "light_system_program",
          "address": "SySTEM1eSU2p4BGQfQpimFEWWSC1XDFeun3Nqzz3rT7"
        },
        {
          "name": "registered_program_pda",
          "address": "35hkDgaAKwMCaxRz2ocSZ6NaUrtKkyNqU6c4RV3tYJRh"
        },
        {
          "name": "noop_program",
          "address": "noopb9bkMVfRPU8AsbpTUg8AQkHtKwMYZiFUjNRtMmV"
        },
        {
          "name": "account_compression_authority",
          "address": "HwXnGK3tPkkVY6P439H2p68AxpeuWXd5PcrAxFpbmfbA"
        },
        {
          "name": "account_compression_program",
          "address": "compr6CUsB5m2jS4Y3831ztGSTnDpnKJTKS95d64XVq"
        },
        {
          "name": "self_program",
          "docs": [
            "This program (Light's invoking_program)"
          ]
        },
        {
          "name": "system_program",
          "address": "11111111111111111111111111111111"
        },
        {
          "name": "merkle_tree",
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
                "name": "PackedRecord"
              }
            }
          }
        }
      ]
    }
  ],
  "accounts": [
    {
      "name": "Protocol",
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
      "name": "Agent",
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
      "name": "Channel",
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
      "name": "Membership",
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
      "name": "Message",
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
      "name": "CompressedMessage",
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
    }
  ],
  "events": [
    {
      "name": "ProtocolInitialized",
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
      "name": "RelayerAdded",
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
      "name": "RelayerRemoved",
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
      "name": "PausedSet",
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
      "name": "LimitsUpdated",
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
      "name": "AgentRegistered",
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
      "name": "AgentUpdated",
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
      "name": "AgentClosed",
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
      "name": "ChannelCreated",
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
      "name": "ChannelJoined",
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
      "name": "ChannelLeft",
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
      "name": "ChannelClosed",
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
      "name": "MessageSent",
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
      "name": "MessageStatusChanged",
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
      "name": "MessageClosed",
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
      "name": "CompressedMessagesAppended",
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
    }
  ],
  "errors": [
    {
      "code": 6000,
      "name": "InstructionUnknown",
      "msg": "Instruction discriminator is not known"
    },
    {
      "code": 6001,
      "name": "InstructionDataInvalid",
      "msg": "Instruction data does not decode"
    },
    {
      "code": 6002,
      "name": "AccountsMissing",
      "msg": "Fewer accounts than the instruction needs"
    },
    {
      "code": 6003,
      "name": "SignerMissing",
      "msg": "A required signer did not sign"
    },
    {
      "code": 6004,
      "name": "AccountNotWritable",
      "msg": "An account that is written was passed read-only"
    },
    {
      "code": 6005,
      "name": "AccountOwnerInvalid",
      "msg": "Account is not owned by the expected program"
    },
    {
      "code": 6006,
      "name": "AccountTypeInvalid",
      "msg": "Account discriminator or size does not match its type"
    },
    {
      "code": 6007,
      "name": "AddressMismatch",
      "msg": "Account address does not match its seeds or fixed address"
    },
    {
      "code": 6008,
      "name": "AlreadyInitialized",
      "msg": "The protocol state already exists"
    },
    {
      "code": 6009,
      "name": "NotAdmin",
      "msg": "Signer is not the protocol admin"
    },
    {
      "code": 6010,
      "name": "NotAgentOrRelayer",
      "msg": "Signer is neither the agent nor a relayer"
    },
    {
      "code": 6011,
      "name": "NotRecipientOrRelayer",
      "msg": "Signer is neither the recipient nor a relayer"
    },
    {
      "code": 6012,
      "name": "NotCreatorOrRelayer",
      "msg": "Signer is neither the channel creator nor a relayer"
    },
    {
      "code": 6013,
      "name": "NotRelayer",
      "msg": "Signer is not a relayer and is not every record's sender"
    },
    {
      "code": 6014,
      "name": "ProtocolPaused",
      "msg": "The protocol is paused"
    },
    {
      "code": 6015,
      "name": "RelayerListFull",
      "msg": "The relayer list is full"
    },
    {
      "code": 6016,
      "name": "RelayerAlreadyListed",
      "msg": "The relayer is already listed"
    },
    {
      "code": 6017,
      "name": "RelayerNotListed",
      "msg": "The relayer is not listed"
    },
    {
      "code": 6018,
      "name": "LimitsInvalid",
      "msg": "A limit is zero or out of range"
    },
    {
      "code": 6019,
      "name": "MetadataUriTooLong",
      "msg": "Metadata URI exceeds its maximum length"
    },
    {
      "code": 6020,
      "name": "BatchEmpty",
      "msg": "A batch has no entries"
    },
    {
      "code": 6021,
      "name": "BatchTooLarge",
      "msg": "A batch exceeds the protocol's max_batch"
    },
    {
      "code": 6022,
      "name": "AgentAlreadyRegistered",
      "msg": "The agent is already registered"
    },
    {
      "code": 6023,
      "name": "ChannelNameLength",
      "msg": "Channel name is empty or longer than 64 bytes"
    },
    {
      "code": 6024,
      "name": "ChannelAlreadyExists",
      "msg": "A channel with this name exists"
    },
    {
      "code": 6025,
      "name": "ParticipantLimitInvalid",
      "msg": "Participant limit is zero or above the protocol limit"
    },
    {
      "code": 6026,
      "name": "ChannelClosed",
      "msg": "The channel is closed"
    },
    {
      "code": 6027,
      "name": "ChannelFull",
      "msg": "The channel has reached its participant limit"
    },
    {
      "code": 6028,
      "name": "InviteRequired",
      "msg": "Invite-only channel: the creator or a relayer must add members"
    },
    {
      "code": 6029,
      "name": "AlreadyMember",
      "msg": "The agent is already a member of the channel"
    },
    {
      "code": 6030,
      "name": "NotMember",
      "msg": "The agent is not a member of the channel"
    },
    {
      "code": 6031,
      "name": "MembershipMismatch",
      "msg": "The membership belongs to another channel or agent"
    },
    {
      "code": 6032,
      "name": "DuplicateMessage",
      "msg": "A message with this request id exists"
    },
    {
      "code": 6033,
      "name": "TtlInvalid",
      "msg": "Message TTL is zero or above the protocol maximum"
    },
    {
      "code": 6034,
      "name": "CidTooLong",
      "msg": "CID exceeds its maximum length"
    },
    {
      "code": 6035,
      "name": "StatusNotTracked",
      "msg": "Channel messages have no delivery status"
    },
    {
      "code": 6036,
      "name": "StatusTransitionInvalid",
      "msg": "Message status may only move forward"
    },
    {
      "code": 6037,
      "name": "MessageNotExpired",
      "msg": "The message has not expired"
    },
    {
      "code": 6038,
      "name": "RentReceiverMismatch",
      "msg": "Rent must return to the account that paid it"
    },
    {
      "code": 6039,
      "name": "RentUnsupported",
      "msg": "Rent sysvar has an exemption threshold the program cannot use"
    }
  ],
  "types": [
    {
      "name": "Protocol",
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
                "name": "Limits"
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
      "name": "Agent",
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
            "name": "registered_at",
            "type": "i64"
          },
          {
            "name": "updated_at",
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
            "name": "metadata_uri",
            "type": "string"
          }
        ]
      }
    },
    {
      "name": "Channel",
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
            "name": "name_hash",
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
                "name": "ChannelVisibility"
              }
            }
          },
          {
            "name": "closed",
            "type": "bool"
          },
          {
            "name": "max_participants",
            "type": "u32"
          },
          {
            "name": "participant_count",
            "type": "u32"
          },
          {
            "name": "created_at",
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
      "name": "Membership",
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
            "name": "joined_at",
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
      "name": "Message",
      "docs": [
        "PDA [\"message\", request_id]; one per request, so the chain refuses a duplicate"
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "request_id",
            "type": {
              "array": [
                "u8",
                16
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
            "name": "recipient_kind",
            "type": {
              "defined": {
                "name": "RecipientKind"
              }
            }
          },
          {
            "name": "message_type",
            "type": {
              "defined": {
                "name": "MessageType"
              }
            }
          },
          {
            "name": "status",
            "type": {
              "defined": {
                "name": "MessageStatus"
              }
            }
          },
          {
            "name": "content_hash",
            "type": {
              "array": [
                "u8",
                32
              ]
            }
          },
          {
            "name": "created_at",
            "type": "i64"
          },
          {
            "name": "expires_at",
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
      "name": "CompressedMessage",
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
            "name": "envelope_hash",
            "type": {
              "array": [
                "u8",
                32
              ]
            }
          },
          {
            "name": "created_at",
            "type": "i64"
          }
        ]
      }
    },
    {
      "name": "ProtocolInitialized",
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
                "name": "Limits"
              }
            }
          }
        ]
      }
    },
    {
      "name": "RelayerAdded",
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
      "name": "RelayerRemoved",
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
      "name": "PausedSet",
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
      "name": "LimitsUpdated",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "limits",
            "type": {
              "defined": {
                "name": "Limits"
              }
            }
          }
        ]
      }
    },
    {
      "name": "AgentRegistered",
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
      "name": "AgentUpdated",
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
      "name": "AgentClosed",
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
      "name": "ChannelCreated",
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
            "name": "name_hash",
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
                "name": "ChannelVisibility"
              }
            }
          },
          {
            "name": "max_participants",
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
      "name": "ChannelJoined",
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
            "name": "participant_count",
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
      "name": "ChannelLeft",
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
            "name": "participant_count",
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
      "name": "ChannelClosed",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "channel",
            "type": "pubkey"
          },
          {
            "name": "account_closed",
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
      "name": "MessageSent",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "message",
            "type": "pubkey"
          },
          {
            "name": "request_id",
            "type": {
              "array": [
                "u8",
                16
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
            "name": "recipient_kind",
            "type": {
              "defined": {
                "name": "RecipientKind"
              }
            }
          },
          {
            "name": "content_hash",
            "type": {
              "array": [
                "u8",
                32
              ]
            }
          },
          {
            "name": "expires_at",
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
      "name": "MessageStatusChanged",
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
                "name": "MessageStatus"
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
      "name": "MessageClosed",
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
      "name": "CompressedMessagesAppended",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "authority",
            "type": "pubkey"
          },
          {
            "name": "merkle_tree",
            "type": "pubkey"
          },
          {
            "name": "count",
            "type": "u16"
          },
          {
            "name": "created_at",
            "type": "i64"
          }
        ]
      }
    },
    {
      "name": "Limits",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "max_ttl_secs",
            "type": "u32"
          },
          {
            "name": "max_channel_participants",
            "type": "u32"
          },
          {
            "name": "max_batch",
            "docs": [
              "agents per register_agents, records per append"
            ],
            "type": "u16"
          }
        ]
      }
    },
    {
      "name": "RegisterAgentArgs",
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
            "name": "metadata_uri",
            "type": "string"
          },
          {
            "name": "commitment",
            "docs": [
              "sha256 of the agent's ed25519 signature over the canonical request (zero if the agent signs)"
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
      "name": "MessageArgs",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "request_id",
            "type": {
              "array": [
                "u8",
                16
              ]
            }
          },
          {
            "name": "message_type",
            "type": {
              "defined": {
                "name": "MessageType"
              }
            }
          },
          {
            "name": "content_hash",
            "type": {
              "array": [
                "u8",
                32
              ]
            }
          },
          {
            "name": "ttl_secs",
            "type": "u32"
          },
          {
            "name": "commitment",
            "docs": [
              "sha256 of the agent's ed25519 signature over the canonical request (zero if the agent signs)"
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
      "name": "PackedRecord",
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
            "name": "envelope_hash",
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
      "name": "ChannelVisibility",
      "type": {
        "kind": "enum",
        "variants": [
          {
            "name": "Public"
          },
          {
            "name": "InviteOnly"
          }
        ]
      }
    },
    {
      "name": "RecipientKind",
      "type": {
        "kind": "enum",
        "variants": [
          {
            "name": "Agent"
          },
          {
            "name": "Channel"
          }
        ]
      }
    },
    {
      "name": "MessageType",
      "type": {
        "kind": "enum",
        "variants": [
          {
            "name": "Text"
          },
          {
            "name": "Data"
          },
          {
            "name": "Command"
          },
          {
            "name": "Response"
          }
        ]
      }
    },
    {
      "name": "MessageStatus",
      "type": {
        "kind": "enum",
        "variants": [
          {
            "name": "Sent"
          },
          {
            "name": "Delivered"
          },
          {
            "name": "Read"
          }
        ]
      }
    }
  ]
};
