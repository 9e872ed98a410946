-- The channels the telephony contract accepts, with how each is measured.
with channels as (
    select *
    from (
        values
            ('voice', 'Voice', true),
            ('chat', 'Chat', false),
            ('email', 'Email', false),
            ('social', 'Social', false)
    ) as channels (channel, channel_label, is_real_time)
)

select * from channels
